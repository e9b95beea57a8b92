import { describe, expect, it } from 'vitest';
import { grant } from '../../src/approvals/approval-gate.ts';
import { approvalEvents } from '../../src/approvals/gate-record.ts';
import { deployRequest, stagingConfig } from '../support/fixtures.ts';
import { createWorkflowHarness, type WorkflowHarness } from '../support/workflow-harness.ts';

/** Lets `seconds` of world time pass on the harness's virtual clock. */
const worldSeconds = (harness: WorkflowHarness, seconds: number) => harness.clock.sleep(seconds * 1000);

/** Staging with a team-lead approval that may wait 2 h, reminders every 20 min, silence = approve. */
function gatedHarness(options: { approvalReminder: boolean }): WorkflowHarness {
  const harness = createWorkflowHarness({
    configs: {
      staging: stagingConfig({
        approvals: { minor: [{ role: 'team-lead', count: 1 }] },
        approvalGate: { timeoutSeconds: 7200, onTimeout: 'approve', reminderEverySeconds: 1200 },
      }),
    },
    approvalReminder: options.approvalReminder,
  });
  harness.ports.store.live.set('shop#staging', { colour: 'blue', version: '1.0.0' });
  return harness;
}

/** Approves deploy-1 the way `greenlight approve` does, once its gate is waiting. */
async function approve(harness: WorkflowHarness): Promise<void> {
  const token = await harness.ports.store.getCallback('deploy-1', 'approval');
  if (!token) throw new Error('deploy-1 is not waiting at AwaitApproval');
  const { store, callbacks, clock } = harness.ports;
  await grant(
    { store, callbacks, clock },
    { deploymentId: 'deploy-1', role: 'team-lead', approver: 'lee@example.com' },
    token,
    'cli',
  );
}

const gateIsWaiting = (harness: WorkflowHarness) => () =>
  harness.sfn.tokens.waiting().some((t) => t.stateName === 'AwaitApproval');

describe('AwaitApproval heartbeat (deploy.asl.json on the local runtime)', () => {
  it('fails closed as a rejection, without moving traffic, when the reminder stops heartbeating', async () => {
    // Prepare: the reminder runs for a while, then its schedule is gone.
    const harness = gatedHarness({ approvalReminder: true });
    const execution = harness.start(deployRequest(), 'deploy-1');
    await harness.until(gateIsWaiting(harness), 'the approval gate is waiting');
    await worldSeconds(harness, 1800);
    expect(gateIsWaiting(harness)()).toBe(true); // alive past 2 heartbeat periods while reminded
    const stoppedAtMs = harness.ports.clock.nowMs();

    // Act
    harness.stopApprovalReminder();
    const done = await execution.finished;

    // Assess: a rejection, even though onTimeout is approve, well before the 2 h timeout.
    expect(done.status).toBe('FAILED');
    expect(done.error).toBe('ApprovalRejectedError');
    expect(done.cause).toContain('no heartbeat for 900 s');
    expect(done.cause).toContain('functions/approval-reminder');
    expect(harness.ports.clock.nowMs() - stoppedAtMs).toBeLessThan(3600 * 1000);
    const timedOut = done.history.all().find((e) => e.type === 'TaskTimedOut');
    expect(JSON.stringify(timedOut)).toContain('States.HeartbeatTimeout');
    // Rollback re-asserts 100% blue; green never got a request.
    expect(harness.ports.router.history.every((w) => w.green === 0)).toBe(true);
    expect(harness.ports.snapshots.created).toEqual([]);
    expect(harness.ports.store.locks.size).toBe(0);
  });

  it('never heartbeat-times-out while the reminder runs, reminds the approver, and adds no transitions for the wait', async () => {
    // Prepare: the same release approved at once, and after an hour of waiting.
    const quick = gatedHarness({ approvalReminder: true });
    const slow = gatedHarness({ approvalReminder: true });
    const quickRun = quick.start(deployRequest(), 'deploy-1');
    const slowRun = slow.start(deployRequest(), 'deploy-1');
    await quick.until(gateIsWaiting(quick), 'the quick gate is waiting');
    await slow.until(gateIsWaiting(slow), 'the slow gate is waiting');

    // Act
    await approve(quick);
    await worldSeconds(slow, 3600);
    await approve(slow);
    const [quickDone, slowDone] = await Promise.all([quickRun.finished, slowRun.finished]);

    // Assess
    expect(slowDone.status).toBe('SUCCEEDED');
    expect(quickDone.status).toBe('SUCCEEDED');
    expect(slowDone.history.transitions()).toBe(quickDone.history.transitions());
    const reminders = slow.ports.notifier.sent.filter((n) => n.subject.includes('Reminder: Approval needed'));
    expect(reminders.length).toBeGreaterThanOrEqual(2); // at 20 and 40 min (60 min races the approval)
    const audit = await slow.ports.store.listAudit('deploy-1');
    expect(audit.filter((e) => e.type === approvalEvents.reminded).length).toBe(reminders.length);
  });
});

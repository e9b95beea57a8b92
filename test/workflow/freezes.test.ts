/**
 * Recurring freezes through the real deploy.asl.json: a release a weekly freeze stops is refused
 * at Preflight with the freeze's occurrence and the next opening, and nothing changes; a hotfix
 * the freeze lets through waits for the freeze's approvals on top of its own.
 */
import { describe, expect, it } from 'vitest';
import { grant } from '../../src/approvals/approval-gate.ts';
import { hhmmFrom, zonedTimeOf } from '../../src/core/time-zone.ts';
import { deployRequest, stagingConfig } from '../support/fixtures.ts';
import { createWorkflowHarness } from '../support/workflow-harness.ts';

/** A harness whose staging has a weekly freeze that opened an hour ago and lasts two. */
function harnessInWeeklyFreeze() {
  const probe = createWorkflowHarness({ configs: {} });
  const opened = zonedTimeOf(probe.clock.nowMs() - 3_600_000, 'UTC');
  const harness = createWorkflowHarness({
    configs: {
      staging: stagingConfig({
        approvals: { hotfix: [{ role: 'manager', count: 1 }] },
        windows: {
          timeZone: 'UTC',
          freezes: [
            {
              weekly: { days: [opened.weekday], start: hhmmFrom(opened.minuteOfDay), durationMinutes: 120 },
              reason: 'code freeze',
              allow: ['hotfix'],
              approvals: [{ role: 'ciso', count: 1 }],
            },
          ],
        },
      }),
    },
  });
  harness.ports.store.live.set('shop#staging', { colour: 'blue', version: '1.0.0' });
  return harness;
}

describe('recurring freezes (windows.freezes[].weekly)', () => {
  it('refuses a minor release during the weekly freeze at Preflight, and changes nothing', async () => {
    // Prepare
    const harness = harnessInWeeklyFreeze();

    // Act
    const execution = await harness.run(deployRequest());

    // Assess
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('PolicyDeniedError');
    // The harness clock starts on Tuesday 2026-01-06 at 10:00 UTC: the freeze runs 09:00–11:00.
    expect(JSON.parse(execution.cause ?? '{}').errorMessage).toBe(
      'freeze "code freeze" (weekly, tue 09:00 for 2 h) from 2026-01-06T09:00:00.000Z to 2026-01-06T11:00:00.000Z stops minor releases (it allows only hotfix); ' +
        'the next time a minor release may deploy is 2026-01-06T11:00:00.000Z',
    );
    expect(execution.history.statesEntered()).toEqual(['Preflight', 'Refused']);
    expect(harness.ports.router.history).toEqual([]);
    expect(harness.ports.store.locks.size).toBe(0);
    expect(harness.ports.store.deployments.size).toBe(0);
    expect(harness.ports.snapshots.created).toEqual([]);
  });

  it('lets a hotfix through the freeze only once the freeze’s approver has approved too', async () => {
    // Prepare
    const harness = harnessInWeeklyFreeze();
    const execution = harness.start(deployRequest({ releaseType: 'hotfix', version: '1.0.1' }));
    await harness.until(() => harness.sfn.tokens.waiting().length > 0, 'approval is awaited');
    const token = (await harness.ports.store.getCallback('deploy-1', 'approval')) ?? '';
    const deps = { store: harness.ports.store, callbacks: harness.ports.callbacks, clock: harness.clock };

    // Act
    const afterManager = await grant(
      deps,
      { deploymentId: 'deploy-1', role: 'manager', approver: 'm@example.com' },
      token,
      'cli',
    );
    const afterCiso = await grant(
      deps,
      { deploymentId: 'deploy-1', role: 'ciso', approver: 'c@example.com' },
      token,
      'cli',
    );
    const finished = await execution.finished;

    // Assess
    expect(afterManager.status).toBe('recorded');
    expect(afterCiso.status).toBe('approved');
    expect(finished.status).toBe('SUCCEEDED');
    const requested = (await harness.ports.store.listAudit('deploy-1')).find(
      (event) => event.type === 'approval.requested',
    );
    expect(requested?.detail.requirements).toEqual([
      { role: 'manager', count: 1 },
      { role: 'ciso', count: 1 },
    ]);
  });
});

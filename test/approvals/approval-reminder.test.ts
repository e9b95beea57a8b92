import { Logger } from '@aws-lambda-powertools/logger';
import { describe, expect, it, vi } from 'vitest';
import { approvalReminderStep } from '../../functions/approval-reminder/handler.ts';
import { MemoryNotifier } from '../../src/adapters/memory/memory-infrastructure.ts';
import { MemoryStore } from '../../src/adapters/memory/memory-store.ts';
import { verifyApprovalLink } from '../../src/approvals/approval-link.ts';
import type { LinkSettings } from '../../src/approvals/approval-request.ts';
import { approvalEvents } from '../../src/approvals/gate-record.ts';
import type { Notification } from '../../src/ports/notifier.ts';
import type { CallbackOutcome } from '../../src/ports/workflow-callbacks.ts';
import type { ApprovalRequirement } from '../../src/schema/config.ts';
import type { DeployState } from '../../src/schema/deploy-state.ts';
import { minimalState } from '../notifications/state-fixture.ts';

const hour = 3_600_000;
const requestedAtMs = Date.parse('2025-03-06T20:00:00Z');
const requirements: ApprovalRequirement[] = [
  { role: 'cab', count: 2 },
  { role: 'security', count: 1 },
];
const links: LinkSettings = {
  keys: { current: Buffer.from('k'.repeat(48)) },
  baseUrl: 'https://approve.example.com/',
  directory: { cab: ['ana@example.com', 'bob@example.com'], security: ['sam@example.com'] },
  linkTtlSeconds: 86_400,
};

/** The state the approval step keeps: a major release needing 2 × cab and 1 × security, reminders every 4 h. */
function stateOf(deploymentId: string): DeployState {
  const state = minimalState();
  return {
    ...state,
    deployment: { ...state.deployment, id: deploymentId },
    config: {
      ...state.config,
      approvals: { major: requirements },
      approvalGate: { timeoutSeconds: 86_400, onTimeout: 'reject', reminderEverySeconds: 4 * 3600 },
    },
    approval: { ...state.approval, summary: '2× cab, 1× security' },
  };
}

/** A world of deployments waiting at AwaitApproval, a heartbeat spy, and the reminder handler over them. */
function reminderWorld() {
  const store = new MemoryStore();
  const notifier = new MemoryNotifier();
  let nowMs = requestedAtMs;
  const expired = new Set<string>();
  const heartbeat = vi.fn(
    async (token: string): Promise<CallbackOutcome> => (expired.has(token) ? 'expired' : 'delivered'),
  );
  const ports = {
    store,
    notifier,
    clock: { nowMs: () => nowMs },
    callbacks: { heartbeat, succeed: vi.fn(), fail: vi.fn() },
  };
  const logger = new Logger({ serviceName: 'greenlight-test', logLevel: 'SILENT' });
  const handler = approvalReminderStep(async () => links).bind(ports as never, { logger });
  return {
    store,
    notifier,
    heartbeat,
    expire: (token: string) => expired.add(token),
    at: (ms: number) => {
      nowMs = ms;
    },
    run: () => handler({ environment: 'staging' }, {} as never),
    async waiting(deploymentId: string, grants: { by: string; role: string }[] = []) {
      await store.putDeployment({
        deploymentId,
        service: 'shop',
        environment: 'staging',
        version: '1.1.0',
        startedAtMs: requestedAtMs,
        status: 'running',
        approvalState: stateOf(deploymentId),
      });
      await store.putCallback(deploymentId, 'approval', `token-${deploymentId}`);
      await store.appendAudit(deploymentId, {
        atMs: requestedAtMs,
        type: approvalEvents.requested,
        detail: { requirements },
      });
      for (const [i, grant] of grants.entries()) {
        await store.appendAudit(deploymentId, {
          atMs: requestedAtMs + (i + 1) * 60_000,
          type: approvalEvents.granted,
          detail: { ...grant, via: 'link' },
        });
      }
    },
  };
}

/** `Approve as <who>` links in a notification, by person. */
const linkedPeople = (notification: Notification): string[] =>
  Object.keys(notification.fields)
    .filter((key) => key.startsWith('Approve as '))
    .map((key) => key.slice('Approve as '.length));

describe('Function: approval-reminder', () => {
  it('heartbeats every waiting gate on each run, and nothing else', async () => {
    // Prepare: two gates waiting, one deployment past its approval, one finished.
    const world = reminderWorld();
    await world.waiting('deploy-1');
    await world.waiting('deploy-2');
    await world.store.putDeployment({
      deploymentId: 'deploy-0',
      service: 'shop',
      environment: 'staging',
      version: '1.0.0',
      startedAtMs: 0,
      status: 'succeeded',
    });
    await world.store.putCallback('deploy-0', 'approval', 'token-deploy-0');
    world.at(requestedAtMs + 5 * 60_000);

    // Act
    const report = await world.run();

    // Assess
    expect(world.heartbeat.mock.calls.map(([token]) => token).sort()).toEqual([
      'token-deploy-1',
      'token-deploy-2',
    ]);
    expect(report.heartbeats.map((h) => h.outcome)).toEqual(['delivered', 'delivered']);
    expect(world.notifier.sent).toEqual([]); // 5 minutes in: no reminder due yet
  });

  it('reminds only gates that are due, only for missing roles, and only approvers who have not approved', async () => {
    // Prepare: deploy-1 has one CAB approval (ana) and nothing else; deploy-2 was requested later.
    const world = reminderWorld();
    await world.waiting('deploy-1', [{ by: 'ana@example.com', role: 'cab' }]);
    await world.waiting('deploy-2');
    await world.store.appendAudit('deploy-2', {
      atMs: requestedAtMs + 2 * hour,
      type: approvalEvents.requested,
      detail: { requirements },
    });
    world.at(requestedAtMs + 4 * hour);

    // Act
    const report = await world.run();

    // Assess: deploy-1 is reminded, deploy-2 (2 h since its request) waits.
    expect(report.reminders.map((r) => [r.deploymentId, r.action])).toEqual([
      ['deploy-1', 'remind'],
      ['deploy-2', 'wait'],
    ]);
    const subjects = world.notifier.sent.map((n) => n.subject);
    expect(subjects).toEqual([
      '[Greenlight] Reminder: Approval needed: shop 1.1.0 in staging (cab)',
      '[Greenlight] Reminder: Approval needed: shop 1.1.0 in staging (security)',
    ]);
    const [cab, security] = world.notifier.sent as [Notification, Notification];
    expect(linkedPeople(cab)).toEqual(['bob@example.com']);
    expect(linkedPeople(security)).toEqual(['sam@example.com']);
    expect(cab.fields['Approvers needed']).toBe('1 distinct cab approver(s)');
    expect(cab.fields['Already approved']).toBe('ana@example.com');
    expect(cab.fields.Deployment).toBe('deploy-1');
    // The fresh links verify, and expire with the gate (20 h left), not a full TTL from now.
    const token = new URL(cab.fields['Approve as bob@example.com'] ?? '').searchParams.get('token') ?? '';
    const verdict = verifyApprovalLink(token, { keys: links.keys, nowMs: requestedAtMs + 4 * hour });
    expect(verdict.valid && verdict.claims.expiresAtMs).toBe(requestedAtMs + 24 * hour);
    const reminded = (await world.store.listAudit('deploy-1')).filter(
      (e) => e.type === approvalEvents.reminded,
    );
    expect(reminded).toHaveLength(1);
    expect(reminded[0]?.detail).toMatchObject({
      roles: ['cab', 'security'],
      alreadyApproved: ['ana@example.com'],
    });
  });

  it('reminds once per interval, however many runs look in between', async () => {
    // Prepare
    const world = reminderWorld();
    await world.waiting('deploy-1');

    // Act: a run every 5 minutes for 9 hours.
    for (let ms = 5 * 60_000; ms <= 9 * hour; ms += 5 * 60_000) {
      world.at(requestedAtMs + ms);
      await world.run();
    }

    // Assess: reminders at 4 h and 8 h, two roles each; a heartbeat on every one of the 108 runs.
    expect(world.notifier.sent).toHaveLength(4);
    expect(world.heartbeat).toHaveBeenCalledTimes(108);
  });

  it('keeps heartbeating every gate when notifications fail, and records the failed roles', async () => {
    // Prepare
    const world = reminderWorld();
    await world.waiting('deploy-1');
    await world.waiting('deploy-2');
    world.notifier.failing = true;
    world.at(requestedAtMs + 4 * hour);

    // Act
    const report = await world.run();

    // Assess
    expect(world.heartbeat).toHaveBeenCalledTimes(2);
    expect(report.reminders).toMatchObject([
      { deploymentId: 'deploy-1', action: 'remind', notified: 0, failedRoles: ['cab', 'security'] },
      { deploymentId: 'deploy-2', action: 'remind', notified: 0, failedRoles: ['cab', 'security'] },
    ]);
    const reminded = (await world.store.listAudit('deploy-1')).find(
      (e) => e.type === approvalEvents.reminded,
    );
    expect(reminded?.detail.failedRoles).toEqual(['cab', 'security']);
  });

  it('does not remind a gate whose task has stopped waiting (heartbeat answered expired)', async () => {
    // Prepare: deploy-1's task timed out a moment ago; its token is still in the table.
    const world = reminderWorld();
    await world.waiting('deploy-1');
    world.expire('token-deploy-1');
    world.at(requestedAtMs + 4 * hour);

    // Act
    const report = await world.run();

    // Assess
    expect(report.heartbeats).toEqual([{ deploymentId: 'deploy-1', outcome: 'expired' }]);
    expect(report.reminders).toEqual([]);
    expect(world.notifier.sent).toEqual([]);
  });

  it('heartbeats the other gates when one heartbeat fails, then fails the run naming the gate and the fix', async () => {
    // Prepare
    const world = reminderWorld();
    await world.waiting('deploy-1');
    await world.waiting('deploy-2');
    world.heartbeat.mockImplementationOnce(async () => {
      throw new Error('AccessDeniedException: not authorized to perform states:SendTaskHeartbeat');
    });

    // Act
    const run = world.run();

    // Assess
    await expect(run).rejects.toThrow(/SendTaskHeartbeat failed for deploy-1: .*states:SendTaskHeartbeat/);
    expect(world.heartbeat.mock.calls.map(([token]) => token)).toEqual(['token-deploy-1', 'token-deploy-2']);
  });
});

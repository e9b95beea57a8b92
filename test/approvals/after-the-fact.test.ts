import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  afterTheFactDue,
  afterTheFactEvents,
  afterTheFactRecordFrom,
  decideAfterTheFact,
  pageDecision,
} from '../../src/approvals/after-the-fact.ts';
import type { AuditEvent } from '../../src/ports/store.ts';
import { createWorkflowHarness } from '../support/workflow-harness.ts';

// Seed 000 §7.4: the post-hoc approval within 24 hours (here: one CAB member and one CISO).
const owed = {
  approvals: [
    { role: 'cab', count: 1 },
    { role: 'ciso', count: 1 },
  ],
  withinSeconds: 86_400,
};
const hour = 3_600_000;
const due: AuditEvent = {
  atMs: 0,
  type: afterTheFactEvents.due,
  detail: { requirements: owed.approvals, dueAtMs: 24 * hour },
};
const event = (type: string, atMs: number, detail: Record<string, unknown> = {}): AuditEvent => ({
  atMs,
  type,
  detail,
});

describe('Function: afterTheFactDue', () => {
  it('is due the configured time after the start, for the release types that owe it', () => {
    const config = { approvalsAfter: { hotfix: owed } };
    expect(afterTheFactDue(config, 'hotfix', 1000)).toEqual({
      requirements: owed.approvals,
      dueAtMs: 1000 + 24 * hour,
    });
    expect(afterTheFactDue(config, 'minor', 1000)).toBeNull();
  });
});

describe('Function: pageDecision', () => {
  const grant = (role: string, by: string, atMs: number) =>
    event(afterTheFactEvents.granted, atMs, { role, by });
  it.each([
    { name: 'nothing owed', events: [], now: 30 * hour, page: null },
    { name: 'before the due time', events: [due], now: 23 * hour, page: null },
    { name: 'at the due time, nothing given', events: [due], now: 24 * hour, page: 'overdue' },
    {
      name: 'overdue with one of two given',
      events: [due, grant('cab', 'a@x', hour)],
      now: 25 * hour,
      page: 'overdue',
    },
    {
      name: 'overdue, paged already',
      events: [due, event(afterTheFactEvents.paged, 24 * hour, { why: 'overdue' })],
      now: 48 * hour,
      page: null,
    },
    {
      name: 'completed in time',
      events: [
        due,
        grant('cab', 'a@x', hour),
        grant('ciso', 'c@x', 2 * hour),
        event(afterTheFactEvents.completed, 2 * hour),
      ],
      now: 30 * hour,
      page: null,
    },
    {
      name: 'rejected',
      events: [
        due,
        event(afterTheFactEvents.rejected, hour, { by: 'c@x', role: 'ciso', reason: 'no ticket' }),
      ],
      now: 2 * hour,
      page: 'rejected',
    },
    {
      name: 'rejected, paged already',
      events: [
        due,
        event(afterTheFactEvents.rejected, hour, { by: 'c@x', role: 'ciso', reason: 'no ticket' }),
        event(afterTheFactEvents.paged, hour, { why: 'rejected' }),
      ],
      now: 30 * hour,
      page: null,
    },
  ] as const)('$name: page $page', ({ events, now, page }) => {
    expect(pageDecision(afterTheFactRecordFrom(events), now).page).toBe(page);
  });

  it('says what is still needed, and by when it was due', () => {
    const decision = pageDecision(afterTheFactRecordFrom([due, grant('cab', 'a@x', hour)]), 25 * hour);
    expect(decision.reason).toBe(
      'the approvals due after the fact by 1970-01-02T00:00:00.000Z are overdue: still needed 1 × ciso',
    );
  });
});

describe('Function: decideAfterTheFact', () => {
  async function world(events: AuditEvent[] = [due]) {
    const { ports } = createWorkflowHarness({ configs: {}, approvalReminder: false });
    await ports.store.putDeployment({
      deploymentId: 'hotfix-1',
      service: 'shop',
      environment: 'production',
      version: '1.0.1',
      startedAtMs: 0,
      status: 'succeeded',
    });
    for (const e of events) await ports.store.appendAudit('hotfix-1', e);
    const decide = (role: string, approver: string, decision: 'approve' | 'reject' = 'approve') =>
      decideAfterTheFact(ports, {
        deploymentId: 'hotfix-1',
        decision,
        role,
        approver,
        via: 'cli',
        reason: 'r',
      });
    return { ports, decide };
  }

  it('counts distinct approvers of the owed roles, and completes once every role has its own', async () => {
    const { ports, decide } = await world();
    expect((await decide('cab', 'ana@example.com')).status).toBe('recorded');
    expect((await decide('ciso', 'cy@example.com')).status).toBe('approved');
    const types = (await ports.store.listAudit('hotfix-1')).map((e) => e.type);
    expect(types).toEqual([
      afterTheFactEvents.due,
      afterTheFactEvents.granted,
      afterTheFactEvents.granted,
      afterTheFactEvents.completed,
    ]);
  });

  it.each([
    { name: 'a role the release does not owe', role: 'developer', by: 'dev@x', reason: 'wrong-role' },
    {
      name: 'the same person again, in another role',
      role: 'ciso',
      by: 'ANA@example.com',
      reason: 'already-counted',
    },
  ])('refuses $name, and changes nothing', async ({ role, by, reason }) => {
    const { ports, decide } = await world();
    await decide('cab', 'ana@example.com');
    const before = await ports.store.listAudit('hotfix-1');
    const outcome = await decide(role, by);
    expect(outcome).toMatchObject({ status: 'refused', reason });
    expect(await ports.store.listAudit('hotfix-1')).toEqual(before);
  });

  it('refuses a deployment that owes nothing, and one already closed', async () => {
    const { decide: nothingOwed } = await world([]);
    expect(await nothingOwed('cab', 'ana@x')).toMatchObject({ status: 'refused', reason: 'not-due' });
    const { decide } = await world();
    await decide('cab', 'ana@x');
    await decide('ciso', 'cy@x');
    expect(await decide('cab', 'bo@x')).toMatchObject({
      status: 'refused',
      reason: 'closed',
      detail: 'the approvals after the fact of hotfix-1 were already approved',
    });
  });

  it('records a rejection, which the reminder then pages about', async () => {
    const { ports, decide } = await world();
    const outcome = await decide('ciso', 'cy@example.com', 'reject');
    expect(outcome).toMatchObject({ status: 'rejected' });
    expect(outcome.detail).toContain('the on-call is paged within 5 minutes');
    expect(pageDecision(afterTheFactRecordFrom(await ports.store.listAudit('hotfix-1')), hour).page).toBe(
      'rejected',
    );
  });
});

describe('greenlight approve --step after-the-fact', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('asks for the role before sending anything', async () => {
    const { runCli } = await import('../operator/run-cli.ts');
    await expect(runCli(['approve', 'hotfix-1', '--step', 'after-the-fact'])).rejects.toThrow(
      '--role: say which role you approve as after the fact, one the release owes (for example --role cab). Nothing was sent.',
    );
  });

  it('needs the approval API, which counts it, and says where to find it', async () => {
    vi.stubEnv('GREENLIGHT_APPROVAL_URL', '');
    vi.stubEnv('GREENLIGHT_ENDPOINT', '');
    const { runCli } = await import('../operator/run-cli.ts');
    await expect(runCli(['reject', 'hotfix-1', '--step', 'after-the-fact', '--role', 'cab'])).rejects.toThrow(
      /pass --approval-url \(or set GREENLIGHT_APPROVAL_URL\)/,
    );
  });
});

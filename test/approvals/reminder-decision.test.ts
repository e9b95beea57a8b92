import { describe, expect, it } from 'vitest';
import type { GateRecord } from '../../src/approvals/gate-record.ts';
import { decideReminder } from '../../src/approvals/reminder-decision.ts';

const hour = 3_600_000;

/** A gate requested at 0 for 2 × cab and 1 × security, nobody has answered. */
function gate(overrides: Partial<GateRecord> = {}): GateRecord {
  return {
    requirements: [
      { role: 'cab', count: 2 },
      { role: 'security', count: 1 },
    ],
    grants: [],
    rejection: null,
    completed: false,
    requestedAtMs: 0,
    lastNotifiedAtMs: 0,
    ...overrides,
  };
}

const every4Hours = { reminderEverySeconds: 4 * 3600, timeoutSeconds: 24 * 3600 };

describe('Function: decideReminder', () => {
  it.each([
    ['3 h 59 min after the request', 4 * hour - 60_000, 'wait'],
    ['exactly 4 h after the request', 4 * hour, 'remind'],
    ['5 h after the request', 5 * hour, 'remind'],
  ] as const)('with reminders every 4 h and no answer, %s: %s', (_when, nowMs, action) => {
    // Act
    const decision = decideReminder({ nowMs, gate: gate(), ...every4Hours });
    // Assess
    expect(decision.action).toBe(action);
  });

  it('counts the interval from the last reminder, not from the request', () => {
    // Prepare: reminded at 4 h; now 7 h.
    const reminded = gate({ lastNotifiedAtMs: 4 * hour });
    // Act
    const decision = decideReminder({ nowMs: 7 * hour, gate: reminded, ...every4Hours });
    // Assess
    expect(decision).toMatchObject({ action: 'wait', nextAtMs: 8 * hour });
    expect(decision.reason).toContain('next reminder in 60 min');
  });

  it('reminds only for what is still missing, and names who has approved so they are left out', () => {
    // Prepare: one CAB member and the security approver have approved (one with odd casing).
    const partly = gate({
      grants: [
        { by: 'Ana@Example.com', role: 'cab', atMs: hour },
        { by: 'sam@example.com', role: 'security', atMs: 2 * hour },
      ],
    });
    // Act
    const decision = decideReminder({ nowMs: 4 * hour, gate: partly, ...every4Hours });
    // Assess
    expect(decision).toMatchObject({
      action: 'remind',
      missing: [{ role: 'cab', needed: 1 }],
      alreadyApproved: ['ana@example.com', 'sam@example.com'],
      remainingSeconds: 20 * 3600,
    });
    expect(decision.reason).toContain('still needed: 1 × cab');
  });

  it.each([
    [
      'no approval was requested',
      gate({ requirements: null, requestedAtMs: null }),
      'no approval was requested',
    ],
    [
      'someone rejected',
      gate({ rejection: { by: 'sam@example.com', role: 'security', reason: 'no', atMs: hour } }),
      'rejected by sam@example.com',
    ],
    ['the gate was approved', gate({ completed: true }), 'approved'],
    [
      'every approval is in',
      gate({
        grants: [
          { by: 'a@x', role: 'cab', atMs: 1 },
          { by: 'b@x', role: 'cab', atMs: 2 },
          { by: 'c@x', role: 'security', atMs: 3 },
        ],
      }),
      'every approval is in',
    ],
  ])('never reminds when %s', (_case, record, reason) => {
    // Act
    const decision = decideReminder({ nowMs: 10 * hour, gate: record, ...every4Hours });
    // Assess
    expect(decision.action).toBe('none');
    expect(decision.reason).toContain(reason);
  });

  it('does not remind once the gate has timed out (the task is ending on its own)', () => {
    // Act
    const decision = decideReminder({ nowMs: 24 * hour, gate: gate(), ...every4Hours });
    // Assess
    expect(decision).toEqual({ action: 'none', reason: 'the gate has timed out' });
  });

  it('sends no reminder at all when the interval is as long as the timeout', () => {
    // Prepare
    const settings = { reminderEverySeconds: 24 * 3600, timeoutSeconds: 24 * 3600 };
    // Act
    const actions = [1, 6, 12, 23].map(
      (h) => decideReminder({ nowMs: h * hour, gate: gate(), ...settings }).action,
    );
    // Assess
    expect(actions).toEqual(['wait', 'wait', 'wait', 'wait']);
  });
});

import { describe, expect, it } from 'vitest';
import { decideLock } from '../../src/core/lock-rules.ts';
import type { LockRecord } from '../../src/ports/store.ts';

const key = 'shop#production';
const day = 86_400_000;
const acquiredAtMs = Date.parse('2025-03-06T22:00:00Z');
const heldBy = (owner: string): LockRecord => ({ key, owner, acquiredAtMs });
const request = (owner: string, heldForMs: number) => ({
  key,
  owner,
  nowMs: acquiredAtMs + heldForMs,
  staleAfterMs: day,
});

describe('Function: decideLock', () => {
  it.each([
    {
      name: 'no lock',
      existing: null,
      owner: 'dep-2',
      heldForMs: 0,
      action: 'acquire',
      says: ['shop#production is free', 'dep-2'],
    },
    {
      name: 'our own lock (a retried Preflight)',
      existing: heldBy('dep-2'),
      owner: 'dep-2',
      heldForMs: 60_000,
      action: 'reacquire',
      says: ['dep-2 already holds shop#production', '2025-03-06T22:00:00.000Z', '1 min ago'],
    },
    {
      name: 'our own lock, even when stale',
      existing: heldBy('dep-2'),
      owner: 'dep-2',
      heldForMs: 2 * day,
      action: 'reacquire',
      says: ['48 h ago'],
    },
    {
      name: 'a lock held for 1 h 30 min by another deployment',
      existing: heldBy('dep-1'),
      owner: 'dep-2',
      heldForMs: 90 * 60_000,
      action: 'refuse',
      says: [
        'shop#production is locked by deployment dep-1 since 2025-03-06T22:00:00.000Z (1 h 30 min ago)',
        'Wait for it to finish, or stop that execution',
        'a lock not renewed for 24 h is treated as abandoned',
        'frees itself at 2025-03-07T22:00:00.000Z unless its execution renews it',
      ],
    },
    {
      name: 'a lock 1 ms short of stale',
      existing: heldBy('dep-1'),
      owner: 'dep-2',
      heldForMs: day - 1,
      action: 'refuse',
      says: ['dep-1'],
    },
    {
      name: 'a lock exactly stale',
      existing: heldBy('dep-1'),
      owner: 'dep-2',
      heldForMs: day,
      action: 'take-over-stale',
      says: [
        'held by deployment dep-1 since 2025-03-06T22:00:00.000Z (24 h ago)',
        'not renewed for at least the 24 h after which',
        'dep-2 takes it over',
      ],
    },
    {
      name: 'a lock stamped in the future (clock skew)',
      existing: heldBy('dep-1'),
      owner: 'dep-2',
      heldForMs: -5000,
      action: 'refuse',
      says: ['(0 s ago)'],
    },
  ] as const)('$action for $name', ({ existing, owner, heldForMs, action, says }) => {
    // Act
    const decision = decideLock(existing, request(owner, heldForMs));
    // Assess
    expect(decision.action).toBe(action);
    for (const text of says) expect(decision.reason).toContain(text);
  });

  it('never suggests a command that does not exist', () => {
    const decision = decideLock(heldBy('dep-1'), request('dep-2', 1000));
    expect(decision.reason).not.toContain('greenlight unlock');
  });

  it('counts staleness from the last renewal: a lock taken 3 days ago and renewed an hour ago is live', () => {
    const renewed: LockRecord = { ...heldBy('dep-1'), renewedAtMs: acquiredAtMs + 3 * day - 3_600_000 };
    const decision = decideLock(renewed, request('dep-2', 3 * day));
    expect(decision.action).toBe('refuse');
    expect(decision.reason).toContain('since 2025-03-06T22:00:00.000Z (3 d ago), lease last renewed');
    expect(decision.reason).toContain('(1 h ago)');
    expect(decision.reason).toContain('frees itself at 2025-03-10T21:00:00.000Z');
    expect(decideLock(renewed, request('dep-2', 4 * day - 3_600_000)).action).toBe('take-over-stale');
  });

  it('runs a deployment id once: the same owner from another execution is refused, even when stale', () => {
    const held: LockRecord = { ...heldBy('dep-1'), executionId: 'exec-a' };
    const retried = decideLock(held, { ...request('dep-1', 1000), executionId: 'exec-a' });
    const twin = decideLock(held, { ...request('dep-1', 1000), executionId: 'exec-b' });
    const staleTwin = decideLock(held, { ...request('dep-1', 2 * day), executionId: 'exec-b' });
    expect(retried.action).toBe('reacquire');
    expect(twin.action).toBe('refuse');
    expect(twin.reason).toContain('in execution exec-a; a deployment id runs once');
    expect(staleTwin.action).toBe('refuse');
  });
});

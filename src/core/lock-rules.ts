/**
 * The deployment lock rules: one deployment per service and environment at a time.
 * The Store performs the conditional write; this decides what that write should be and
 * explains a refusal to the person who was refused.
 */
import type { LockRecord } from '../ports/store.ts';
import { formatDuration, isoUtc } from './format.ts';

export interface LockRequest {
  /** `<service>#<environment>` (`lockKeyFor`). */
  readonly key: string;
  /** The deployment id asking for the lock. */
  readonly owner: string;
  readonly nowMs: number;
  /** A lock held this long is treated as abandoned (its execution died without releasing it). */
  readonly staleAfterMs: number;
}

export interface LockDecision {
  /**
   * `acquire`: free. `reacquire`: already ours (a retried Preflight, same deployment id).
   * `take-over-stale`: held for at least `staleAfterMs`. `refuse`: someone else holds it.
   */
  action: 'acquire' | 'reacquire' | 'take-over-stale' | 'refuse';
  reason: string;
}

/**
 * Decides what to do with the lock `existing` (the record currently stored under
 * `request.key`, or null when there is none). Same owner wins over staleness: a retried
 * Preflight always gets its own lock back.
 *
 * @example
 * decideLock({ key: 'shop#production', owner: 'dep-1', acquiredAtMs: Date.parse('2025-03-06T22:00:00Z') },
 *   { key: 'shop#production', owner: 'dep-2', nowMs: Date.parse('2025-03-06T23:30:00Z'), staleAfterMs: 86_400_000 })
 * // → { action: 'refuse', reason: 'shop#production is locked by deployment dep-1 since 2025-03-06T22:00:00.000Z
 * //      (1 h 30 min ago). Wait for it to finish, or stop that execution (Step Functions console or
 * //      `aws stepfunctions stop-execution`); a lock held for 24 h is treated as abandoned, so this one frees
 * //      itself at 2025-03-07T22:00:00.000Z.' }
 */
export function decideLock(existing: LockRecord | null, request: LockRequest): LockDecision {
  const { key, owner, nowMs, staleAfterMs } = request;
  if (existing === null) {
    return { action: 'acquire', reason: `${key} is free; deployment ${owner} takes the lock` };
  }
  const heldMs = Math.max(0, nowMs - existing.acquiredAtMs);
  const since = `since ${isoUtc(existing.acquiredAtMs)} (${formatDuration(heldMs / 1000)} ago)`;
  if (existing.owner === owner) {
    return {
      action: 'reacquire',
      reason: `deployment ${owner} already holds ${key} ${since}; keeping it (retried step)`,
    };
  }
  const staleAfter = formatDuration(staleAfterMs / 1000);
  if (nowMs - existing.acquiredAtMs >= staleAfterMs) {
    return {
      action: 'take-over-stale',
      reason:
        `${key} was held by deployment ${existing.owner} ${since}, at least the ${staleAfter} after which a lock ` +
        `is treated as abandoned; deployment ${owner} takes it over`,
    };
  }
  return {
    action: 'refuse',
    reason:
      `${key} is locked by deployment ${existing.owner} ${since}. Wait for it to finish, or stop that execution ` +
      '(Step Functions console or `aws stepfunctions stop-execution`); ' +
      `a lock held for ${staleAfter} is treated as abandoned, so this one frees itself at ` +
      `${isoUtc(existing.acquiredAtMs + staleAfterMs)}.`,
  };
}

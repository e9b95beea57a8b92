/**
 * The deployment lock rules: one deployment per service and environment at a time.
 * The Store performs the conditional write; this decides what that write should be and
 * explains a refusal to the person who was refused.
 */
import type { LockRecord, LockRequest } from '../ports/store.ts';
import { formatDuration, isoUtc } from './format.ts';

/** Where the lease counts from: its last renewal, or its taking. */
export const leaseStartMs = (lock: LockRecord): number => lock.renewedAtMs ?? lock.acquiredAtMs;

export interface LockDecision {
  /**
   * `acquire`: free. `reacquire`: already ours (a retried Preflight: same deployment id, same
   * execution). `take-over-stale`: not renewed for `staleAfterMs`. `refuse`: someone else holds
   * it, or the same deployment id from another execution (a deployment id runs once).
   */
  action: 'acquire' | 'reacquire' | 'take-over-stale' | 'refuse';
  reason: string;
}

/**
 * Decides what to do with the lock `existing` (the record currently stored under
 * `request.key`, or null when there is none). Same owner and execution wins over staleness: a
 * retried Preflight always gets its own lock back.
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
  const sameExecution =
    existing.executionId === undefined ||
    request.executionId === undefined ||
    existing.executionId === request.executionId;
  if (existing.owner === owner && sameExecution) {
    return {
      action: 'reacquire',
      reason: `deployment ${owner} already holds ${key} ${since}; keeping it (retried step)`,
    };
  }
  if (existing.owner === owner) {
    return {
      action: 'refuse',
      reason:
        `deployment ${owner} already holds ${key} ${since}, in execution ${existing.executionId}; ` +
        'a deployment id runs once, so this second start changes nothing. Start it with a new deployment id',
    };
  }
  const staleAfter = formatDuration(staleAfterMs / 1000);
  const renewed = leaseStartMs(existing);
  const lastRenewed =
    existing.renewedAtMs === undefined
      ? ''
      : `, lease last renewed ${isoUtc(renewed)} (${formatDuration(Math.max(0, nowMs - renewed) / 1000)} ago)`;
  if (nowMs - renewed >= staleAfterMs) {
    return {
      action: 'take-over-stale',
      reason:
        `${key} was held by deployment ${existing.owner} ${since}${lastRenewed}, not renewed for at least the ${staleAfter} after which a lock ` +
        `is treated as abandoned; deployment ${owner} takes it over`,
    };
  }
  return {
    action: 'refuse',
    reason:
      `${key} is locked by deployment ${existing.owner} ${since}${lastRenewed}. Wait for it to finish, or stop that execution ` +
      '(Step Functions console or `aws stepfunctions stop-execution`); ' +
      `a lock not renewed for ${staleAfter} is treated as abandoned, so this one frees itself at ` +
      `${isoUtc(renewed + staleAfterMs)} unless its execution renews it.`,
  };
}

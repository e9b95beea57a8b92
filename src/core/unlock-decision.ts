/**
 * `greenlight unlock`: whether an operator may let go of a deployment lock by hand. Pure: given
 * the lock, the status of the execution that holds it, and the reason given, it says release
 * or refuse, and why. A running execution's lock is never taken from it: stopping the
 * execution is the way, and reconcile then puts traffic on a serving colour and releases it.
 */
import type { LockRecord } from '../ports/store.ts';

/** A Step Functions execution status, or null when the execution is unknown (expired, or never recorded). */
export type OwnerExecutionStatus =
  | 'RUNNING'
  | 'SUCCEEDED'
  | 'FAILED'
  | 'TIMED_OUT'
  | 'ABORTED'
  | 'PENDING_REDRIVE'
  | null;

export type UnlockDecision =
  | { readonly action: 'release'; readonly owner: string; readonly reason: string }
  /** `usage`: the request itself is bad (exit 2); `state`: the lock cannot be let go now (exit 1). */
  | { readonly action: 'refuse'; readonly kind: 'usage' | 'state'; readonly reason: string };

export const minUnlockReasonChars = 10;
export const maxUnlockReasonChars = 500;

export function decideUnlock(input: {
  readonly key: string;
  readonly lock: LockRecord | null;
  readonly ownerStatus: OwnerExecutionStatus;
  readonly reason: string;
}): UnlockDecision {
  const reason = input.reason.trim();
  if (
    reason.length < minUnlockReasonChars ||
    reason.length > maxUnlockReasonChars ||
    /\p{Cc}/u.test(reason)
  ) {
    return {
      action: 'refuse',
      kind: 'usage',
      reason: `--reason must say why, in ${minUnlockReasonChars} to ${maxUnlockReasonChars} characters on one line (got ${reason.length}): it goes into the audit trail`,
    };
  }
  const { lock } = input;
  if (!lock)
    return { action: 'refuse', kind: 'state', reason: `nothing to unlock: ${input.key} is not held` };
  const execution = lock.executionId ?? 'no recorded execution';
  if (input.ownerStatus === 'RUNNING' || input.ownerStatus === 'PENDING_REDRIVE') {
    return {
      action: 'refuse',
      kind: 'state',
      reason: `${input.key} is held by deployment ${lock.owner}, whose execution ${execution} is ${input.ownerStatus}: stop it instead (aws stepfunctions stop-execution --execution-arn ${execution}); reconcile then puts all traffic on a colour that serves and releases the lock`,
    };
  }
  const status = input.ownerStatus ?? 'unknown to Step Functions';
  return {
    action: 'release',
    owner: lock.owner,
    reason: `deployment ${lock.owner} holds ${input.key}, and its execution ${execution} is ${status}`,
  };
}

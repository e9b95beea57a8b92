/**
 * The audited unlock, the same on AWS (the CLI with the caller's own permissions) and against
 * `greenlight serve` (its operator route): read the lock, ask Step Functions about the execution
 * that holds it, decide (src/core/unlock-decision.ts), and only then release it and record who
 * did, and why, in the owning deployment's audit trail. A refusal changes nothing.
 */
import { decideUnlock, type OwnerExecutionStatus } from '../core/unlock-decision.ts';
import { InvalidRequestError } from '../errors.ts';
import { lockKeyFor, type Store } from '../ports/store.ts';
import { kebabName } from '../schema/request.ts';
import { OperatorStateError } from './operator-errors.ts';

export type UnlockStore = Pick<Store, 'readLock' | 'releaseLock' | 'appendAudit'>;

export interface UnlockRequest {
  readonly service: string;
  readonly environment: string;
  readonly reason: string;
  /** Who unlocks (recorded; IAM, or loopback locally, decides who may). */
  readonly by: string;
}

export interface UnlockResult {
  readonly key: string;
  readonly owner: string;
  readonly ownerStatus: OwnerExecutionStatus;
  readonly detail: string;
}

/**
 * @throws InvalidRequestError for a bad request, OperatorStateError when the lock cannot be let go now (the lock untouched either way).
 */
export async function unlock(
  deps: {
    readonly store: UnlockStore;
    readonly executionStatus: (executionArn: string) => Promise<OwnerExecutionStatus>;
    readonly nowMs: () => number;
  },
  request: UnlockRequest,
): Promise<UnlockResult> {
  for (const [flag, name] of [
    ['service', request.service],
    ['environment', request.environment],
  ] as const) {
    if (!kebabName.safeParse(name).success)
      throw new InvalidRequestError(
        `${flag} ${JSON.stringify(name)}: expected lower-case letters, digits and dashes, starting with a letter, as the config names it`,
      );
  }
  const key = lockKeyFor(request.service, request.environment);
  const lock = await deps.store.readLock(key);
  const ownerStatus = lock?.executionId ? await deps.executionStatus(lock.executionId) : null;
  const decision = decideUnlock({ key, lock, ownerStatus, reason: request.reason });
  if (decision.action === 'refuse')
    throw decision.kind === 'usage'
      ? new InvalidRequestError(decision.reason)
      : new OperatorStateError(decision.reason);
  // The record first: a release that then fails leaves a trace of the attempt, never a lock
  // that vanished without one.
  await deps.store.appendAudit(decision.owner, {
    atMs: deps.nowMs(),
    type: 'lock.released',
    detail: { by: request.by, reason: request.reason.trim(), byHand: true, ownerStatus },
  });
  await deps.store.releaseLock(key, decision.owner);
  return { key, owner: decision.owner, ownerStatus, detail: decision.reason };
}

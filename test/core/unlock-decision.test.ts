import { describe, expect, it } from 'vitest';
import { decideUnlock, type OwnerExecutionStatus } from '../../src/core/unlock-decision.ts';

const lock = {
  key: 'shop#production',
  owner: 'release-42',
  executionId: 'arn:aws:states:eu-west-1:123456789012:execution:greenlight-production-deploy:release-42',
  acquiredAtMs: 0,
};
const reason = 'execution died with the account; traffic checked by hand: all on blue';

describe('Function: decideUnlock', () => {
  it.each([['SUCCEEDED'], ['FAILED'], ['TIMED_OUT'], ['ABORTED'], [null]] as [OwnerExecutionStatus][])(
    'releases a lock whose execution is %s',
    (ownerStatus) => {
      const decision = decideUnlock({ key: lock.key, lock, ownerStatus, reason });
      expect(decision).toMatchObject({ action: 'release', owner: 'release-42' });
    },
  );

  it.each([['RUNNING'], ['PENDING_REDRIVE']] as [OwnerExecutionStatus][])(
    'refuses while the execution is %s, and says to stop it instead',
    (ownerStatus) => {
      const decision = decideUnlock({ key: lock.key, lock, ownerStatus, reason });
      expect(decision).toMatchObject({ action: 'refuse', kind: 'state' });
      expect(decision.reason).toContain(
        `aws stepfunctions stop-execution --execution-arn ${lock.executionId}`,
      );
    },
  );

  it('refuses when nothing holds the lock', () => {
    expect(decideUnlock({ key: lock.key, lock: null, ownerStatus: null, reason })).toEqual({
      action: 'refuse',
      kind: 'state',
      reason: 'nothing to unlock: shop#production is not held',
    });
  });

  it.each([
    ['', 0],
    ['because', 7],
    ['x'.repeat(501), 501],
    ['two\nlines here', 14],
  ])('refuses a reason that does not say why on one line (%j)', (given, length) => {
    const decision = decideUnlock({ key: lock.key, lock, ownerStatus: 'ABORTED', reason: given });
    expect(decision).toMatchObject({ action: 'refuse', kind: 'usage' });
    expect(decision.reason).toContain(`(got ${length})`);
  });
});

import * as z from 'zod';
import { decidePoll } from '../../src/core/polling.ts';
import { defineDrStep } from '../../src/dr/define-dr-step.ts';
import { RestoreFailedError } from '../../src/dr/dr-errors.ts';
import { drillSchema, type RestoreProgress, restoreProgressSchema } from '../../src/dr/dr-state.ts';

/**
 * CheckRestore: is the temporary instance available yet? Bounded by `decidePoll`: after
 * `maxWaitSeconds` the restore counts as failed (and Cleanup deletes whatever was created).
 * The time it became available ends the RTO measurement.
 */
export const drCheckRestore = defineDrStep({
  name: 'dr-check-restore',
  input: z.object({ drill: drillSchema, restore: restoreProgressSchema }),
  run: async ({ drill, restore }, { ports, dr }): Promise<RestoreProgress> => {
    const status = await dr.database.restoreStatus(drill.binding, drill.tempId);
    if (status.status === 'available') {
      return { ...restore, ready: true, waitSeconds: 0, detail: 'available', readyAtMs: ports.clock.nowMs() };
    }
    if (status.status === 'failed') {
      throw new RestoreFailedError(
        `restoring ${drill.snapshot.snapshotId} into ${drill.tempId} failed: ${status.detail}`,
      );
    }
    const poll = decidePoll({
      attempts: restore.attempts,
      pollSeconds: drill.pollSeconds,
      maxWaitSeconds: drill.maxWaitSeconds,
      subject: `the restore of ${drill.snapshot.snapshotId} into ${drill.tempId}`,
    });
    if (poll.action === 'give-up')
      throw new RestoreFailedError(`${poll.reason} (last status: ${status.detail})`);
    return {
      ...restore,
      ready: false,
      attempts: poll.attempts,
      waitSeconds: poll.waitSeconds,
      detail: status.detail,
    };
  },
});

import * as z from 'zod';
import { defineDrStep } from '../../src/dr/define-dr-step.ts';
import { drillSchema, type RestoreProgress } from '../../src/dr/dr-state.ts';

/**
 * StartRestore: asks for the latest snapshot to be restored into the drill's isolated
 * temporary instance, and schedules the first wait. From here on, Cleanup always runs.
 */
export const drRestore = defineDrStep({
  name: 'dr-restore',
  input: z.object({ drill: drillSchema }),
  run: async ({ drill }, { ports, dr }): Promise<RestoreProgress> => {
    const startedAtMs = ports.clock.nowMs();
    await dr.database.restoreToIsolatedInstance(drill.binding, drill.snapshot.snapshotId, drill.tempId);
    return {
      tempId: drill.tempId,
      startedAtMs,
      ready: false,
      // One wait is scheduled now (WaitForRestore), so the first check has waited once.
      attempts: 1,
      waitSeconds: Math.min(drill.pollSeconds, drill.maxWaitSeconds),
      detail: `restoring ${drill.snapshot.snapshotId} into ${drill.tempId}`,
    };
  },
});

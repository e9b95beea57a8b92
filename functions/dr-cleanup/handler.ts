import * as z from 'zod';
import { defineDrStep } from '../../src/dr/define-dr-step.ts';
import { type CleanupResult, drillSchema } from '../../src/dr/dr-state.ts';

/**
 * Cleanup: deletes the temporary instance. Runs after every restore test, passed or failed;
 * deleting one that never got created (or is already gone) is fine. Errors propagate: the ASL
 * retries them generously, then reports the instance as one to delete by hand.
 */
export const drCleanup = defineDrStep({
  name: 'dr-cleanup',
  input: z.object({ drill: drillSchema }),
  run: async ({ drill }, { dr }): Promise<CleanupResult> => {
    if (drill.kind === 'backup-verification') {
      return { status: 'nothing-to-delete', tempId: null, detail: 'a backup verification restores nothing' };
    }
    const result = await dr.database.deleteInstance(drill.binding, drill.tempId);
    return result === 'deleted'
      ? { status: 'deleted', tempId: drill.tempId, detail: `temporary instance ${drill.tempId} deleted` }
      : {
          status: 'already-gone',
          tempId: drill.tempId,
          detail: `temporary instance ${drill.tempId} does not exist (never created, or already deleted)`,
        };
  },
});

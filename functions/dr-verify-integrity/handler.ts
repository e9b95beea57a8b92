import * as z from 'zod';
import { defineDrStep } from '../../src/dr/define-dr-step.ts';
import { drillSchema, type IntegrityObservation, restoreProgressSchema } from '../../src/dr/dr-state.ts';

/**
 * VerifyIntegrity: reads the row counts and checksums of the configured tables (or of every
 * table recorded with the snapshot) from the restored copy, next to what was recorded. The
 * comparison is the Evaluate step's, so this step only observes.
 */
export const drVerifyIntegrity = defineDrStep({
  name: 'dr-verify-integrity',
  input: z.object({ drill: drillSchema, restore: restoreProgressSchema }),
  run: async ({ drill }, { dr }): Promise<IntegrityObservation> => {
    const expected = await dr.database.expectedIntegrity(drill.binding, drill.snapshot.snapshotId);
    const tables = drill.tables ?? expected?.map((t) => t.table) ?? null;
    const actual = await dr.database.integrity(drill.binding, drill.tempId, tables);
    return { expected, actual };
  },
});

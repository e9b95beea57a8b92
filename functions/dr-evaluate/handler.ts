import * as z from 'zod';
import { defineDrStep } from '../../src/dr/define-dr-step.ts';
import { drillSchema, integrityObservationSchema, restoreProgressSchema } from '../../src/dr/dr-state.ts';
import { type DrillVerdict, decideDrill } from '../../src/dr/dr-verdict.ts';

/**
 * Evaluate: RTO (restore duration), RPO (snapshot age at drill start) and integrity against
 * the targets. Pure: it only calls the core. A backup verification has no restore, so its RTO
 * and integrity are skipped and only the RPO counts.
 */
export const drEvaluate = defineDrStep({
  name: 'dr-evaluate',
  input: z.object({
    drill: drillSchema,
    restore: restoreProgressSchema.optional(),
    integrity: integrityObservationSchema.optional(),
  }),
  run: async ({ drill, restore, integrity }): Promise<DrillVerdict> =>
    decideDrill({
      drillStartedAtMs: drill.startedAtMs,
      snapshotCreatedAtMs: drill.snapshot.createdAtMs,
      restoreSeconds:
        restore?.readyAtMs === undefined ? null : (restore.readyAtMs - restore.startedAtMs) / 1000,
      integrity: integrity
        ? {
            expected: integrity.expected,
            actual: integrity.actual,
            tables: drill.tables,
            rowCountTolerancePercent: drill.targets.rowCountTolerancePercent,
          }
        : null,
      rtoMinutes: drill.targets.rtoMinutes,
      rpoMinutes: drill.targets.rpoMinutes,
    }),
});

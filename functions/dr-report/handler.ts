import * as z from 'zod';
import { defineDrStep } from '../../src/dr/define-dr-step.ts';
import { drMetricNamespace } from '../../src/dr/dr-ports.ts';
import { buildDrillReport, type DrillReport, drillNotification } from '../../src/dr/dr-report.ts';
import { caughtErrorSchema, cleanupResultSchema, drillSchema } from '../../src/dr/dr-state.ts';
import type { DrillVerdict } from '../../src/dr/dr-verdict.ts';
import { executionName } from '../../src/workflow/execution-name.ts';

const inputSchema = z.object({
  request: z.record(z.string(), z.unknown()).default({}),
  executionId: z.string().min(1),
  drill: drillSchema.optional(),
  // Built by the Evaluate step from the same schema-checked inputs; passed through as is.
  verdict: z.custom<DrillVerdict>((v) => typeof v === 'object' && v !== null && 'passed' in v).optional(),
  cleanup: cleanupResultSchema.optional(),
  failure: caughtErrorSchema.optional(),
  cleanupFailure: caughtErrorSchema.optional(),
});

/**
 * Report: one notification (info when passed, critical otherwise), one audit record, and the
 * metrics `DrillPassed`, `RtoSeconds`, `RpoSeconds` (namespace Greenlight/DR). Runs on every
 * path, after Cleanup, so the report says whether the temporary instance is gone.
 */
export const drReport = defineDrStep({
  name: 'dr-report',
  input: inputSchema,
  run: async (input, { ports, dr }): Promise<DrillReport> => {
    const name = executionName(input.executionId);
    const report = buildDrillReport({ ...input, executionName: name });
    await ports.notifier.send(drillNotification(report));
    await ports.store.appendAudit(input.drill?.drillId ?? `dr-${name}`, {
      atMs: ports.clock.nowMs(),
      type: 'dr.drill',
      detail: {
        outcome: report.outcome,
        summary: report.summary,
        snapshotId: report.snapshotId,
        temporaryInstance: report.tempId,
        rto: report.verdict?.rto ?? null,
        rpo: report.verdict?.rpo ?? null,
        integrity: report.verdict?.integrity ?? null,
        cleanup: report.cleanup,
        namespace: drMetricNamespace,
      },
    });
    const dimensions = { Service: report.service, Environment: report.environment, Drill: report.kind };
    await dr.metrics.publish('DrillPassed', report.passed ? 1 : 0, 'Count', dimensions);
    if (report.verdict?.rto.seconds != null) {
      await dr.metrics.publish('RtoSeconds', report.verdict.rto.seconds, 'Seconds', dimensions);
    }
    if (report.verdict)
      await dr.metrics.publish('RpoSeconds', report.verdict.rpo.seconds, 'Seconds', dimensions);
    return report;
  },
});

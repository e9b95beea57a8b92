import * as z from 'zod';
import { type EarlyVerdict, earlyVerdict, type ServedCounts } from '../../src/core/early-verdict.ts';
import { audit } from '../../src/handlers/audit.ts';
import { defineStep } from '../../src/handlers/define-step.ts';
import { type Colour, otherColour } from '../../src/ports/colour.ts';
import type { Ports } from '../../src/ports/index.ts';
import type { CallbackKind, DeploymentRecord } from '../../src/ports/store.ts';
import { judgingField, judgingSchema } from '../../src/schema/judging.ts';

/** The scheduled event: EventBridge Scheduler sends `{ "environment": "<env>" }`. */
const inputSchema = z.object({ environment: z.string().min(1).optional() }).loose();

/** Every how many seconds the schedule runs it: EventBridge Scheduler's shortest rate. */
export const earlyVerdictEverySeconds = 60;

export interface EarlyVerdictReport {
  readonly judged: readonly {
    deploymentId: string;
    decision: EarlyVerdict['decision'] | 'expired';
    reason: string;
  }[];
}

/**
 * The early verdict (EventBridge Scheduler, every minute): for every deployment in a bake or in
 * standby, judges green's errors so far against blue's, sequentially (src/core/early-verdict.ts),
 * from the app's 10 s metrics when it publishes them, else ALB's. A release that errs more than it
 * may is rolled back now, by failing the waiting task, instead of at the end of its bake. Not a
 * workflow step: it adds no state transitions, however long the bake.
 */
export const earlyVerdictStep = defineStep({
  name: 'early-verdict',
  input: inputSchema,
  run: async (input, { ports }): Promise<EarlyVerdictReport> => {
    const running = (
      await ports.store.listDeployments(input.environment ? { environment: input.environment } : {})
    ).filter((record) => record.status === 'running');
    const judged: EarlyVerdictReport['judged'][number][] = [];
    for (const record of running) {
      const judging = judgingSchema.safeParse(record[judgingField]);
      if (!judging.success) continue;
      const token = await ports.store.getCallback(record.deploymentId, judging.data.during as CallbackKind);
      if (!token) continue;
      const verdict = await judge(ports, record, judging.data.sinceMs);
      if (verdict.decision !== 'rollback') {
        judged.push({
          deploymentId: record.deploymentId,
          decision: verdict.decision,
          reason: verdict.reason,
        });
        continue;
      }
      const outcome = await ports.callbacks.fail(token, 'VerificationFailedError', verdict.reason);
      await audit(ports, record.deploymentId, 'verdict.early', {
        decision: verdict.decision,
        reason: verdict.reason,
        during: judging.data.during,
        acted: outcome === 'delivered',
      });
      judged.push({
        deploymentId: record.deploymentId,
        decision: outcome === 'delivered' ? 'rollback' : 'expired',
        reason: verdict.reason,
      });
    }
    return { judged };
  },
});

async function judge(ports: Ports, record: DeploymentRecord, sinceMs: number): Promise<EarlyVerdict> {
  const config = await ports.config.load(record.environment);
  const binding = config.services[record.service];
  const green = record.targetColour;
  const window = { startMs: sinceMs, endMs: ports.clock.nowMs() };
  if (!binding || (green !== 'blue' && green !== 'green') || window.endMs <= window.startMs) {
    return { decision: 'undecided', reason: 'nothing to judge yet', llr: 0 };
  }
  const namespace = config.alarms.highResolutionNamespace;
  const counts = async (colour: Colour): Promise<ServedCounts> => {
    if (namespace) {
      return ports.metrics.appCounts({
        namespace,
        service: record.service,
        environment: record.environment,
        colour,
        window,
      });
    }
    const stats = await ports.metrics.targetGroupStats(binding, colour, window);
    return { requests: stats.requests, errors: stats.errors5xx };
  };
  const [greenCounts, blueCounts] = await Promise.all([counts(green), counts(otherColour(green))]);
  return earlyVerdict(greenCounts, blueCounts);
}

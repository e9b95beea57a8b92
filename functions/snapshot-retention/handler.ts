import type { Logger } from '@aws-lambda-powertools/logger';
import * as z from 'zod';
import { defineStep, type StepHandler } from '../../src/handlers/define-step.ts';
import { type PruneResult, pruneSnapshots } from '../../src/handlers/prune-snapshots.ts';
import type { Ports } from '../../src/ports/index.ts';
import type { SnapshotCatalog } from '../../src/ports/snapshot-retention.ts';

/** The scheduled event: which snapshots to consider, and whether to only report. */
export const snapshotRetentionInputSchema = z.strictObject({
  service: z.string().min(1).optional(),
  environment: z.string().min(1).optional(),
  /** Report what would be deleted, delete nothing. */
  dryRun: z.boolean().optional(),
});

export type SnapshotRetentionInput = z.output<typeof snapshotRetentionInputSchema>;

/**
 * Snapshot retention (EventBridge Scheduler, daily per environment): deletes Greenlight's
 * snapshots whose `greenlight:retain-until` has passed. Snapshots of deployments still
 * running are protected (read from the store), and a snapshot whose retention cannot be read
 * is kept. Each deletion stands alone: failures are reported in `failed`, logged, and retried
 * by the next run; the function fails only when it cannot list.
 */
export const snapshotRetention = {
  name: 'snapshot-retention',
  /** Binds to adapters: AWS in `index.ts`, fakes in tests. Uses `ports.clock` and `ports.store`. */
  bind(
    ports: Pick<Ports, 'clock' | 'store'>,
    catalog: SnapshotCatalog,
    options?: { logger?: Logger },
  ): StepHandler<PruneResult> {
    return defineStep({
      name: 'snapshot-retention',
      input: snapshotRetentionInputSchema,
      run: async (input, { logger }) => {
        const scope = { service: input.service, environment: input.environment };
        const running = await ports.store.listDeployments(scope);
        const result = await pruneSnapshots(catalog, {
          scope,
          nowMs: ports.clock.nowMs(),
          dryRun: input.dryRun,
          protectedDeploymentIds: running.filter((d) => d.status === 'running').map((d) => d.deploymentId),
        });
        for (const entry of result.deleted) logger.info('snapshot deleted', { ...entry });
        for (const entry of result.failed) logger.warn('snapshot deletion failed', { ...entry });
        logger.info('snapshot retention done', {
          dryRun: result.dryRun,
          expired: result.expired.length,
          deleted: result.deleted.length,
          kept: result.kept.length,
          failed: result.failed.length,
        });
        return result;
      },
      // The cast is safe: the body above reads `ports.clock` and `ports.store` only, never `context.ports`.
    }).bind(ports as Ports, options);
  },
};

import * as z from 'zod';
import { rdsIdentifier } from '../../src/core/arns.ts';
import { drillableSnapshotPatterns } from '../../src/core/drillable-snapshots.ts';
import { defineDrStep } from '../../src/dr/define-dr-step.ts';
import { type Drill, defaultMaxWaitSeconds, drillRequestSchema } from '../../src/dr/dr-state.ts';
import { tempInstanceIdFor } from '../../src/dr/temp-instance-id.ts';
import { InvalidRequestError, ResourceNotFoundError } from '../../src/errors.ts';
import { parseOrThrow } from '../../src/schema/parse.ts';
import { executionName } from '../../src/workflow/execution-name.ts';

const inputSchema = z.object({
  request: z.unknown(),
  executionId: z.string().min(1),
});

/**
 * FindSnapshot: validates the drill request, resolves the service's database from the
 * environment config, and finds its newest available snapshot (automated or manual). No
 * snapshot at all fails the drill: that is exactly what a backup verification is for.
 */
export const drFindSnapshot = defineDrStep({
  name: 'dr-find-snapshot',
  input: inputSchema,
  run: async (input, { ports, dr }): Promise<Drill> => {
    const request = parseOrThrow('the DR drill request', drillRequestSchema, input.request);
    const config = await ports.config.load(request.environment);
    const binding = config.services[request.service];
    if (!binding) {
      const known = Object.keys(config.services).join(', ') || 'none';
      throw new InvalidRequestError(
        `service "${request.service}" is not configured in environment ${request.environment} (configured: ${known}); fix the drill schedule's input or the config`,
      );
    }
    const startedAtMs = ports.clock.nowMs();
    const restorable = drillableSnapshotPatterns({
      databaseId: rdsIdentifier(binding.database.id),
      kind: binding.database.kind,
      service: request.service,
      environment: request.environment,
    });
    const snapshot = await dr.database.findLatestSnapshot(binding, {
      includeAutomated: request.includeAutomated,
      restorable,
    });
    if (!snapshot) {
      throw new ResourceNotFoundError(
        `no available snapshot of ${binding.database.id} (${request.includeAutomated ? 'automated or manual' : 'manual only'}) named ${restorable.join(' or ')}: there is no backup to restore; check that automated backups are enabled (a drill restores RDS's automated backups and Greenlight's own snapshots only)`,
      );
    }
    return {
      drillId: `dr-${request.service}-${request.environment}-${executionName(input.executionId)}`,
      service: request.service,
      environment: request.environment,
      kind: request.drill,
      startedAtMs,
      targets: {
        rtoMinutes: request.rtoMinutes,
        rpoMinutes: request.rpoMinutes,
        rowCountTolerancePercent: request.rowCountTolerancePercent,
      },
      tables: request.tables ?? null,
      pollSeconds: request.pollSeconds,
      maxWaitSeconds: request.maxWaitSeconds ?? defaultMaxWaitSeconds(request.rtoMinutes),
      binding,
      snapshot,
      tempId: tempInstanceIdFor(request.service, input.executionId),
    };
  },
});

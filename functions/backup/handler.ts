import { resourceTags } from '../../src/core/resource-tags.ts';
import { deploymentSnapshotId } from '../../src/core/snapshot-id.ts';
import { BackupFailedError } from '../../src/errors.ts';
import { audit } from '../../src/handlers/audit.ts';
import { awaitWork, lastCheck } from '../../src/handlers/awaited-work.ts';
import { defineStep } from '../../src/handlers/define-step.ts';
import { awaitingStepInputSchema } from '../../src/schema/deploy-state.ts';

/**
 * Backup, in three phases: `start` (StartBackup) requests a snapshot of the service's database;
 * `await` (AwaitBackup, a `.waitForTaskToken` task) keeps the token and checks once, and the wait
 * relay completes it when RDS says the snapshot is done (src/handlers/awaited-work.ts), so the
 * workflow makes the same few transitions for a one-minute snapshot as for a one-hour one;
 * `timed-out` is the last check once `config.backup.maxWaitSeconds` has passed. No migration ever
 * runs without a verified backup.
 */
export const backup = defineStep({
  name: 'backup',
  input: awaitingStepInputSchema,
  lease: 'fence',
  run: async (input, { ports }) => {
    const { state } = input;
    const { deployment, binding, config } = state;
    if (input.phase === 'start') {
      const snapshotId = deploymentSnapshotId(state);
      const retainUntilMs = ports.clock.nowMs() + config.backup.retentionDays * 86_400_000;
      await ports.snapshots.createSnapshot(binding, snapshotId, {
        ...resourceTags(deployment.environment, config.costAllocationTags),
        'greenlight:deployment': deployment.id,
        'greenlight:service': deployment.service,
        'greenlight:retain-until': new Date(retainUntilMs).toISOString(),
      });
      await audit(ports, deployment.id, 'backup.started', { snapshotId });
      return { snapshotId, ready: false, detail: 'snapshot requested' };
    }

    if (input.phase === 'await') return awaitWork(ports, 'backup', state, input.taskToken);
    return lastCheck(
      ports,
      'backup',
      state,
      (detail) =>
        new BackupFailedError(
          `${detail} after the ${config.backup.maxWaitSeconds} s limit (backup.maxWaitSeconds): no migration runs without a verified backup`,
        ),
    );
  },
});

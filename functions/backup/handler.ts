import { decidePoll } from '../../src/core/polling.ts';
import { BackupFailedError } from '../../src/errors.ts';
import { audit } from '../../src/handlers/audit.ts';
import { defineStep } from '../../src/handlers/define-step.ts';
import { pollingStepInputSchema } from '../../src/schema/deploy-state.ts';
import { snapshotIdFor } from './snapshot-id.ts';

/**
 * Backup: `start` takes a snapshot of the service's database; `poll` checks it until it is
 * available (the ASL waits between polls with a Wait state). Gives up after
 * `config.backup.maxWaitSeconds`: no migration ever runs without a verified backup.
 */
export const backup = defineStep({
  name: 'backup',
  input: pollingStepInputSchema,
  lease: 'fence',
  run: async ({ phase, state }, { ports }) => {
    const { deployment, binding, config } = state;
    if (phase === 'start') {
      const snapshotId = snapshotIdFor(
        deployment.service,
        deployment.environment,
        deployment.id,
        binding.database?.kind ?? 'instance',
      );
      const retainUntilMs = ports.clock.nowMs() + config.backup.retentionDays * 86_400_000;
      await ports.snapshots.createSnapshot(binding, snapshotId, {
        'greenlight:deployment': deployment.id,
        'greenlight:service': deployment.service,
        'greenlight:environment': deployment.environment,
        'greenlight:retain-until': new Date(retainUntilMs).toISOString(),
      });
      await audit(ports, deployment.id, 'backup.started', { snapshotId });
      return {
        snapshotId,
        ready: false,
        attempts: 0,
        waitSeconds: config.backup.pollSeconds,
        detail: 'snapshot requested',
      };
    }

    const snapshotId = state.backup?.snapshotId;
    if (!snapshotId)
      throw new BackupFailedError(
        'poll called before a snapshot was started (state.backup.snapshotId missing)',
      );
    const status = await ports.snapshots.snapshotStatus(binding, snapshotId);
    if (status.status === 'available') {
      await ports.store.updateDeployment(deployment.id, { snapshotId });
      await audit(ports, deployment.id, 'backup.verified', { snapshotId });
      return {
        snapshotId,
        ready: true,
        attempts: (state.backup?.attempts ?? 0) + 1,
        waitSeconds: 0,
        detail: 'available',
      };
    }
    if (status.status === 'failed') {
      throw new BackupFailedError(`snapshot ${snapshotId} failed: ${status.detail}`);
    }
    const poll = decidePoll({
      attempts: (state.backup?.attempts ?? 0) + 1,
      pollSeconds: config.backup.pollSeconds,
      maxWaitSeconds: config.backup.maxWaitSeconds,
    });
    if (poll.action === 'give-up') {
      throw new BackupFailedError(
        `snapshot ${snapshotId} is still ${status.status} (${status.progressPercent}%): ${poll.reason}`,
      );
    }
    return {
      snapshotId,
      ready: false,
      attempts: poll.attempts,
      waitSeconds: poll.waitSeconds,
      detail: `${status.status} ${status.progressPercent}%`,
    };
  },
});

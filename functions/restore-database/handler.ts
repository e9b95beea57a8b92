import * as z from 'zod';
import { rdsIdentifier } from '../../src/core/arns.ts';
import { decidePoll } from '../../src/core/polling.ts';
import { nextRestoreAction, restoreNamesFor } from '../../src/core/snapshot-restore.ts';
import { RestoreFailedError } from '../../src/errors.ts';
import { audit } from '../../src/handlers/audit.ts';
import { defineStep } from '../../src/handlers/define-step.ts';
import { renderNotification } from '../../src/notifications/templates.ts';
import { type DeployState, deployStateSchema } from '../../src/schema/deploy-state.ts';

const inputSchema = z.discriminatedUnion('phase', [
  z.object({
    phase: z.literal('request'),
    taskToken: z.string().min(1),
    timeoutSeconds: z.number().int().min(1),
    state: deployStateSchema,
  }),
  z.object({ phase: z.enum(['start', 'poll']), state: deployStateSchema }),
]);

/** The snapshot to restore: the one Rollback offered, which Backup verified for this deployment. */
function snapshotOf(state: DeployState): string {
  const snapshotId = state.rollback?.snapshotId;
  if (!snapshotId) {
    throw new RestoreFailedError(
      'a restore was requested but the rollback named no snapshot (state.rollback.snapshotId is missing); nothing was changed',
    );
  }
  return snapshotId;
}

/**
 * The rollback's snapshot restore, which only ever runs after a person approved it:
 * - `request` (a `.waitForTaskToken` task): keeps the token and pages the approvers. Declining,
 *   or silence until the timeout, means no restore.
 * - `start` / `poll`: one step of the reconcile loop each (core/snapshot-restore.ts), the ASL
 *   waiting between polls. Bounded by `rollback.restoreMaxWaitSeconds`; a restore that cannot go
 *   on fails with RestoreFailedError and the workflow keeps the lock for a human.
 */
export const restoreDatabase = defineStep({
  name: 'restore-database',
  input: inputSchema,
  lease: 'fence',
  run: async (input, { ports }) => {
    const { state } = input;
    const { deployment, binding, config } = state;
    const snapshotId = snapshotOf(state);

    if (input.phase === 'request') {
      await ports.store.putCallback(deployment.id, 'restore', input.taskToken);
      await audit(ports, deployment.id, 'restore.requested', {
        snapshotId,
        timeoutSeconds: input.timeoutSeconds,
      });
      await ports.notifier
        .send(renderNotification('restore-approval-needed', state, { nowMs: ports.clock.nowMs() }))
        .catch(() => undefined); // the token is kept: an operator can still answer without the page
      return { snapshotId };
    }

    const names = restoreNamesFor(rdsIdentifier(binding.database.id), snapshotId, deployment.id);
    if (input.phase === 'start') {
      await ports.store.clearCallback(deployment.id, 'restore');
      await audit(ports, deployment.id, 'restore.approved', { snapshotId, keptAs: names.keptId });
    }
    const action = nextRestoreAction(names, await ports.restore.observe(binding, names));
    const progress = {
      snapshotId,
      databaseId: names.databaseId,
      keptAs: names.keptId,
      detail: action.detail,
    };
    if (action.kind === 'stuck') {
      await audit(ports, deployment.id, 'restore.failed', progress);
      throw new RestoreFailedError(`the restore of ${snapshotId} cannot go on: ${action.detail}`);
    }
    if (action.kind === 'done') {
      await ports.store.updateDeployment(deployment.id, {
        restoredSnapshot: snapshotId,
        preRestoreDatabase: names.keptId,
      });
      await audit(ports, deployment.id, 'restore.completed', progress);
      return { ...progress, ready: true, attempts: state.restore?.attempts ?? 0, waitSeconds: 0 };
    }
    if (action.kind !== 'wait') await ports.restore.perform(binding, names, action.kind);

    const poll = decidePoll({
      attempts: input.phase === 'start' ? 0 : (state.restore?.attempts ?? 0),
      pollSeconds: config.backup.pollSeconds,
      maxWaitSeconds: config.rollback.restoreMaxWaitSeconds,
      subject: `the restore of ${snapshotId}`,
    });
    if (poll.action === 'give-up') {
      await audit(ports, deployment.id, 'restore.failed', progress);
      throw new RestoreFailedError(`${poll.reason}; last seen: ${action.detail}`);
    }
    return { ...progress, ready: false, attempts: poll.attempts, waitSeconds: poll.waitSeconds };
  },
});

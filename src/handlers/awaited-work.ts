/**
 * The slow work a deployment waits for without polling: the snapshot taken before Migrate
 * (AwaitBackup) and the rollout of the new release (AwaitGreen). Each wait is a
 * `.waitForTaskToken` task whose token is kept in the store; it is completed from here by
 *
 * - the task itself, once, right after keeping its token (the work may be done already);
 * - the wait relay (functions/wait-relay), when RDS or ECS publishes an event about the work,
 *   and on its fallback schedule, since those events are delivered on a best-effort basis;
 * - the task's `timed-out` phase, a last check once the wait's limit has passed.
 *
 * Every path reads the work's real state with a Describe call: an event only says when to look,
 * never what is true, so a late, repeated or forged event cannot move a deployment on.
 */
import { BackupFailedError, GreenUnhealthyError } from '../errors.ts';
import type { Ports } from '../ports/index.ts';
import type { CallbackKind } from '../ports/store.ts';
import type { DeployState } from '../schema/deploy-state.ts';
import { audit } from './audit.ts';

/** The two awaited kinds of work, by the callback kind their token is kept under. */
export type AwaitedKind = Extract<CallbackKind, 'backup' | 'rollout'>;
export const awaitedKinds: readonly AwaitedKind[] = ['backup', 'rollout'];

/** What a check found: done (with the task's output), failed for good, or still under way. */
export type AwaitedCheck =
  | { readonly outcome: 'ready'; readonly output: Readonly<Record<string, unknown>> }
  | { readonly outcome: 'failed'; readonly error: BackupFailedError | GreenUnhealthyError }
  | { readonly outcome: 'pending'; readonly detail: string };

type CheckPorts = Pick<Ports, 'snapshots' | 'compute' | 'store' | 'clock'>;

/** The snapshot StartBackup requested; its id is in `state.backup`. */
async function checkBackup(ports: CheckPorts, state: DeployState): Promise<AwaitedCheck> {
  const snapshotId = state.backup?.snapshotId;
  if (!snapshotId) {
    return {
      outcome: 'failed',
      error: new BackupFailedError('no snapshot was started (state.backup.snapshotId is missing)'),
    };
  }
  const status = await ports.snapshots.snapshotStatus(state.binding, snapshotId);
  if (status.status === 'available') {
    return { outcome: 'ready', output: { snapshotId, ready: true, detail: `available: ${status.detail}` } };
  }
  if (status.status === 'failed') {
    return {
      outcome: 'failed',
      error: new BackupFailedError(`snapshot ${snapshotId} failed: ${status.detail}`),
    };
  }
  return {
    outcome: 'pending',
    detail: `snapshot ${snapshotId} is ${status.status} (${status.progressPercent}%)`,
  };
}

/** The new release on the target colour: steady, and at the version being deployed. */
async function checkRollout(ports: CheckPorts, state: DeployState): Promise<AwaitedCheck> {
  const { deployment, binding } = state;
  const colour = deployment.targetColour;
  const status = await ports.compute.status(binding, colour);
  if (status.failed) {
    return {
      outcome: 'failed',
      error: new GreenUnhealthyError(
        `${colour} (${deployment.version}) failed to roll out: ${status.detail}`,
      ),
    };
  }
  if (status.stable && status.version === deployment.version) {
    return { outcome: 'ready', output: { stable: true, detail: status.detail } };
  }
  return {
    outcome: 'pending',
    detail: `${colour} (${deployment.version}) is not steady yet: ${status.detail} (${status.runningCount}/${status.desiredCount} running)`,
  };
}

/** Checks the work of `kind` once. */
export const checkAwaited = (
  ports: CheckPorts,
  kind: AwaitedKind,
  state: DeployState,
): Promise<AwaitedCheck> => (kind === 'backup' ? checkBackup(ports, state) : checkRollout(ports, state));

/** The audit event of work that is done: `backup.verified`, `green.stable`. */
const readyEvent: Readonly<Record<AwaitedKind, string>> = {
  backup: 'backup.verified',
  rollout: 'green.stable',
};

/**
 * Records work that is done: the snapshot on the deployment record (shown by `greenlight show`)
 * and the audit event. Only the path whose completion was delivered records it, so it is
 * recorded once.
 */
export async function recordReady(
  ports: Ports,
  kind: AwaitedKind,
  state: DeployState,
  output: Readonly<Record<string, unknown>>,
  by: string,
): Promise<void> {
  const { deployment } = state;
  if (kind === 'backup') await ports.store.updateDeployment(deployment.id, { snapshotId: output.snapshotId });
  await audit(ports, deployment.id, readyEvent[kind], { ...output, by });
}

export type SettleOutcome = 'completed' | 'failed' | 'pending' | 'expired';

/**
 * Checks the awaited work and, when it is done or has failed, completes the waiting task with
 * `taskToken`. `by` names who looked (`the task`, `an RDS event`, `the fallback sweep`), for the
 * audit trail. A token the workflow no longer waits on (the task timed out, or another path
 * completed it a moment earlier) is `expired`: normal, not an error.
 */
export async function settleAwaited(
  ports: Ports,
  kind: AwaitedKind,
  state: DeployState,
  taskToken: string,
  by: string,
): Promise<SettleOutcome> {
  const check = await checkAwaited(ports, kind, state);
  if (check.outcome === 'pending') return 'pending';
  const { deployment } = state;
  if (check.outcome === 'ready') {
    const delivered = await ports.callbacks.succeed(taskToken, check.output);
    if (delivered === 'expired') return 'expired';
    await recordReady(ports, kind, state, check.output, by);
    await ports.store.clearCallback(deployment.id, kind);
    return 'completed';
  }
  const delivered = await ports.callbacks.fail(taskToken, check.error.name, check.error.message);
  if (delivered === 'expired') return 'expired';
  await ports.store.clearCallback(deployment.id, kind);
  return 'failed';
}

/**
 * The `await` phase of Backup and DeployGreen: keeps the token before the check, so an event that
 * arrives in between finds it, then checks once (the work may be done already).
 */
export async function awaitWork(
  ports: Ports,
  kind: AwaitedKind,
  state: DeployState,
  taskToken: string,
): Promise<{ settled: SettleOutcome }> {
  await ports.store.putCallback(state.deployment.id, kind, taskToken);
  return { settled: await settleAwaited(ports, kind, state, taskToken, 'the task') };
}

/**
 * The `timed-out` phase: the wait's limit passed, so one last look. Work that just finished goes
 * on (its output); work that failed throws its error; work still under way throws `pastLimit`.
 */
export async function lastCheck(
  ports: Ports,
  kind: AwaitedKind,
  state: DeployState,
  pastLimit: (detail: string) => Error,
): Promise<Readonly<Record<string, unknown>>> {
  await ports.store.clearCallback(state.deployment.id, kind);
  const check = await checkAwaited(ports, kind, state);
  if (check.outcome === 'failed') throw check.error;
  if (check.outcome === 'pending') throw pastLimit(check.detail);
  await recordReady(ports, kind, state, check.output, 'the last check');
  return check.output;
}

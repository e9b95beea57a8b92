/**
 * The rollback decision: what to put back after a failure, traffic first, then the database.
 * It never destroys data on its own: a snapshot restore loses every write made since the
 * snapshot, so it always waits for a human's approval.
 */
import type { AppliedMigration } from '../ports/database.ts';
import { plural } from './format.ts';

/** `rollback.database` in the environment config. */
export type DatabaseRollbackPolicy = 'none' | 'down-scripts' | 'restore-with-approval';

export interface RollbackInput {
  /** True once ShiftWeight may have run: green may have served real traffic. */
  readonly trafficMoved: boolean;
  /** The migrations this deployment applied (not the ones that were already there). */
  readonly migrationsApplied: readonly AppliedMigration[];
  readonly databasePolicy: DatabaseRollbackPolicy;
  /** The verified snapshot this deployment's Backup took, or null when it took none. */
  readonly snapshotId?: string | null;
  /** The Step Functions Catch output: the error name and its cause. */
  readonly failure: { Error: string; Cause: string };
}

export interface RollbackDecision {
  /** `restore`: set the weights back to 100% blue and check blue serves. */
  traffic: 'restore' | 'none';
  database: 'none' | 'down-scripts' | 'awaiting-restore-approval';
  /** Names the failure and explains each decision; goes into the rollback notification. */
  reason: string;
}

const maxCauseLength = 300;

/**
 * A readable one-line cause. Lambda failures arrive as a JSON `Cause` such as
 * `{"errorType":"VerificationFailedError","errorMessage":"green error rate 7.1% …"}`: the
 * message is taken from it. Anything else is used as it is, cut to 300 characters.
 */
export function describeFailureCause(failure: { Error: string; Cause: string }): string {
  const message = messageFromJsonCause(failure.Cause) ?? failure.Cause.trim();
  const oneLine = message.replace(/\s+/g, ' ');
  const text = oneLine.length > maxCauseLength ? `${oneLine.slice(0, maxCauseLength - 1)}…` : oneLine;
  return text === '' ? failure.Error : `${failure.Error}: ${text}`;
}

function messageFromJsonCause(cause: string): string | undefined {
  if (!cause.trimStart().startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(cause);
    if (typeof parsed === 'object' && parsed !== null && 'errorMessage' in parsed) {
      const { errorMessage } = parsed as { errorMessage: unknown };
      return typeof errorMessage === 'string' ? errorMessage : undefined;
    }
  } catch {
    // Not JSON after all: the raw text is the cause.
  }
  return undefined;
}

/**
 * Decides the rollback. Traffic: `restore` when traffic may have moved (restoring is
 * idempotent, so "may have" is enough), otherwise `none`. Database, by policy:
 *
 * | migrations applied        | `none`                       | `down-scripts` | `restore-with-approval`     |
 * |---------------------------|------------------------------|----------------|-----------------------------|
 * | none                      | none                         | none           | none                        |
 * | all expand-only           | none (blue runs on new schema)| down-scripts  | awaiting-restore-approval   |
 * | some not blue-compatible  | none + loud WARNING          | down-scripts   | awaiting-restore-approval   |
 *
 * @example
 * decideRollback({ trafficMoved: true, migrationsApplied: [], databasePolicy: 'none',
 *   failure: { Error: 'VerificationFailedError', Cause: 'green error rate 7.1% exceeds the 5% ceiling' } })
 * // → { traffic: 'restore', database: 'none', reason: 'rolling back after VerificationFailedError: green error
 * //      rate 7.1% exceeds the 5% ceiling. Traffic: restore 100% to blue …. Database: nothing to do, no
 * //      migrations were applied.' }
 */
export function decideRollback(input: RollbackInput): RollbackDecision {
  const traffic = input.trafficMoved ? 'restore' : 'none';
  const trafficReason = input.trafficMoved
    ? 'Traffic: restore 100% to blue and check that blue is serving.'
    : 'Traffic: nothing to restore, no traffic had moved to green.';
  const { database, reason: databaseReason } = decideDatabase(
    input.migrationsApplied,
    input.databasePolicy,
    input.snapshotId ?? null,
  );
  return {
    traffic,
    database,
    reason: `rolling back after ${describeFailureCause(input.failure)}. ${trafficReason} ${databaseReason}`,
  };
}

function decideDatabase(
  applied: readonly AppliedMigration[],
  policy: DatabaseRollbackPolicy,
  snapshotId: string | null,
): { database: RollbackDecision['database']; reason: string } {
  if (applied.length === 0)
    return { database: 'none', reason: 'Database: nothing to do, no migrations were applied.' };
  const ids = applied.map((migration) => migration.id).join(', ');
  const incompatible = applied
    .filter((migration) => !migration.blueCompatible)
    .map((migration) => migration.id);
  const appliedText = `${plural(applied.length, 'migration')} applied (${ids})`;

  if (policy === 'down-scripts') {
    return {
      database: 'down-scripts',
      reason: `Database: run the down scripts of the ${appliedText}, newest first (policy 'down-scripts').`,
    };
  }
  if (policy === 'restore-with-approval' && snapshotId === null) {
    return {
      database: 'none',
      reason:
        `Database: no change; the policy asks for a snapshot restore, but this deployment took no snapshot ` +
        `(backup.enabled is false), so there is nothing to restore. ${appliedText}` +
        (incompatible.length > 0 ? `; WARNING: not blue-compatible: ${incompatible.join(', ')}.` : '.'),
    };
  }
  if (policy === 'restore-with-approval') {
    const safeToDecline =
      incompatible.length === 0
        ? ' All are expand-only, so blue runs on the new schema and declining the restore is safe.'
        : ` Not blue-compatible: ${incompatible.join(', ')}; blue may fail on the new schema until the restore is done.`;
    return {
      database: 'awaiting-restore-approval',
      reason:
        `Database: ${appliedText}; the restore of snapshot ${snapshotId} waits for an explicit approval, because a restore loses ` +
        `every write made since the snapshot (policy 'restore-with-approval').${safeToDecline}`,
    };
  }
  if (incompatible.length === 0) {
    return {
      database: 'none',
      reason: `Database: no change; ${appliedText}, all expand-only, so blue runs on the new schema.`,
    };
  }
  return {
    database: 'none',
    reason:
      `Database: no change (policy 'none'), but WARNING: ${plural(incompatible.length, 'migration')} not blue-compatible ` +
      `(${incompatible.join(', ')}); BLUE MAY FAIL ON THE NEW SCHEMA. Check blue now, and revert the schema by hand ` +
      `or set rollback.database to 'down-scripts' or 'restore-with-approval'.`,
  };
}

/**
 * The approved snapshot restore of a rollback, as a reconcile loop.
 *
 * RDS cannot restore a snapshot over a running database. The AWS-documented way to put a
 * database back to a snapshot *under the same endpoint* is: restore the snapshot into a new
 * instance, rename the current database out of the way, then rename the restored copy to the
 * original name. Greenlight never deletes the database it renamed away: it is "kept", with every
 * write made since the snapshot, until a person decides what to do with it.
 *
 * Each poll observes the three names and takes the one next action; it holds no memory of its
 * own, so a retried or repeated poll, or a Lambda that died half-way, simply picks up where the
 * resources are. This module decides; the adapters observe and act.
 */
import { createHash } from 'node:crypto';
import { rdsIdentifierMaxLength } from './rds-identifiers.ts';

/** The names of one restore: derived from the deployment, so every retry agrees on them. */
export interface RestoreNames {
  readonly snapshotId: string;
  /** The database's own identifier: its endpoint is what the application connects to. */
  readonly databaseId: string;
  /** The snapshot's copy, until it takes over `databaseId`. */
  readonly restoredId: string;
  /** The pre-restore database, renamed away and kept (never deleted by Greenlight). */
  readonly keptId: string;
  /** Tags the restored copy, so a poll can tell it from the old database once both had the name. */
  readonly deploymentId: string;
}

/** One name's state: null when nothing answers to it. */
export interface ObservedDatabase {
  /** The service's status word, e.g. `available`, `creating`, `renaming`, `modifying`. */
  readonly status: string;
  /** True when it is this deployment's restored copy (it carries the restore tag). */
  readonly restoredByThisDeployment: boolean;
}

export interface RestoreObservation {
  readonly current: ObservedDatabase | null;
  readonly restored: ObservedDatabase | null;
  readonly kept: ObservedDatabase | null;
}

export type RestoreAction =
  | { readonly kind: 'start-restore'; readonly detail: string }
  | { readonly kind: 'wait'; readonly detail: string }
  | { readonly kind: 'rename-current-to-kept'; readonly detail: string }
  | { readonly kind: 'rename-restored-to-current'; readonly detail: string }
  | { readonly kind: 'done'; readonly detail: string }
  | { readonly kind: 'stuck'; readonly detail: string };

export type RestoreActionKind = RestoreAction['kind'];

const failedStatus = /fail|incompatible|storage-full|inaccessible|restore-error|deleting/;

/**
 * The next action, from what the three names show now.
 *
 * @example
 * nextRestoreAction(names, { current: { status: 'available', restoredByThisDeployment: false }, restored: null, kept: null })
 * // → { kind: 'start-restore', … }: the first poll
 */
export function nextRestoreAction(names: RestoreNames, seen: RestoreObservation): RestoreAction {
  const { current, restored, kept } = seen;
  const { databaseId, restoredId, keptId, snapshotId } = names;

  if (current?.restoredByThisDeployment) {
    return current.status === 'available'
      ? {
          kind: 'done',
          detail: `${databaseId} now serves snapshot ${snapshotId}; the pre-restore database is kept as ${keptId}`,
        }
      : { kind: 'wait', detail: `the restored copy is taking the name ${databaseId} (${current.status})` };
  }
  for (const [what, id, db] of [
    ['the restored copy', restoredId, restored],
    ['the kept database', keptId, kept],
  ] as const) {
    if (db && failedStatus.test(db.status)) {
      return { kind: 'stuck', detail: `${what} ${id} is ${db.status}; it needs a person` };
    }
  }

  if (restored) {
    if (restored.status !== 'available') {
      return { kind: 'wait', detail: `restoring ${snapshotId} into ${restoredId} (${restored.status})` };
    }
    if (current) {
      return current.status === 'available'
        ? {
            kind: 'rename-current-to-kept',
            detail: `${restoredId} is ready; renaming ${databaseId} to ${keptId} to make way`,
          }
        : { kind: 'wait', detail: `${databaseId} is ${current.status}; waiting before renaming it` };
    }
    if (kept) {
      return kept.status === 'available'
        ? {
            kind: 'rename-restored-to-current',
            detail: `${databaseId} is free; renaming ${restoredId} to ${databaseId}`,
          }
        : { kind: 'wait', detail: `${databaseId} is being renamed to ${keptId} (${kept.status})` };
    }
    return {
      kind: 'stuck',
      detail: `${databaseId} is gone and was not kept as ${keptId}; the restored copy ${restoredId} is ready but needs a person to decide`,
    };
  }

  if (current) {
    if (kept) {
      return {
        kind: 'stuck',
        detail: `${keptId} exists but ${databaseId} is not this deployment's restored copy and ${restoredId} is missing; a person must look before anything is renamed`,
      };
    }
    return { kind: 'start-restore', detail: `restoring snapshot ${snapshotId} into ${restoredId}` };
  }
  if (kept) {
    // Neither name answers: the restored copy is in the middle of its rename to databaseId.
    return { kind: 'wait', detail: `${restoredId} is being renamed to ${databaseId}` };
  }
  return {
    kind: 'stuck',
    detail: `none of ${databaseId}, ${restoredId} or ${keptId} exists; check database.id in the service binding`,
  };
}

/**
 * The restore's names: `<database>-gl-r-<hash>` for the copy and `<database>-gl-k-<hash>` for
 * the kept database, the hash from the deployment id. Valid RDS identifiers (a letter first,
 * letters, digits and single hyphens, at most 63 characters, `-writer` included).
 */
export function restoreNamesFor(databaseId: string, snapshotId: string, deploymentId: string): RestoreNames {
  const hash = createHash('sha256').update(deploymentId).digest('hex').slice(0, 8);
  // Room for `-writer` too: an Aurora copy's writer instance is `<restored>-writer`, and the IAM
  // patterns (restoreNamePatterns) expect it inside the restored name's.
  const stem = databaseId
    .slice(0, rdsIdentifierMaxLength.cluster - '-gl-r-'.length - hash.length - '-writer'.length)
    .replace(/-+$/, '');
  return {
    snapshotId,
    databaseId,
    restoredId: `${stem}-gl-r-${hash}`,
    keptId: `${stem}-gl-k-${hash}`,
    deploymentId,
  };
}

/** The tag that marks a restored copy as this deployment's. */
export const restoreTagKey = 'greenlight:restored-by';

/** The IAM resource-name patterns of a database's restore copies and kept databases. */
export function restoreNamePatterns(databaseId: string): { restored: string; kept: string } {
  const names = restoreNamesFor(databaseId, '', 'pattern');
  const stemOf = (name: string) => name.replace(/-gl-[rk]-[0-9a-f]{8}$/, '');
  return { restored: `${stemOf(names.restoredId)}-gl-r-*`, kept: `${stemOf(names.keptId)}-gl-k-*` };
}

/**
 * The migration engine: runs a folder of versioned SQL migrations against PostgreSQL.
 *
 * umzug orders the migrations and drives the up/down loops; what it does not give is added
 * around it:
 * - **One transaction per migration, bookkeeping included.** umzug's `storage.logMigration`
 *   runs after the migration, outside any transaction, so here the storage only reads and the
 *   row is written inside the migration's own transaction: a failure rolls back the script and
 *   the row together, and a crash can never leave a half-applied migration marked as applied.
 * - **Concurrency.** Each migration transaction first takes `pg_advisory_xact_lock` on a key
 *   derived from the bookkeeping table's name, then re-reads the row: a second runner waits,
 *   sees the migration applied, and skips it. A transaction-scoped lock is used rather than a
 *   session lock held for the whole run because `SqlDatabase` is a pool with no way to pin one
 *   connection, and because the lock is released by COMMIT/ROLLBACK even if the process dies:
 *   a session lock on a pooled connection could outlive a crashed run.
 * - **Checksums** (drift refuses the whole run) and the **expand/contract rule**
 *   (`breaks-blue` needs the policy's approval), both checked before anything runs.
 */
import { MigrationError, Umzug } from 'umzug';
import { GreenlightError, MigrationFailedError } from '../errors.ts';
import type { AppliedMigration, MigrationReport } from '../ports/database.ts';
import type { SqlDatabase } from './engine/sql-database.ts';
import { loadMigrationFolder, type MigrationFile, type MigrationSet } from './migration-files.ts';
import {
  breaksBlueError,
  type DriftedMigration,
  driftError,
  findDrift,
  inRunOrder,
  planRevert,
  scriptFailedError,
} from './migration-rules.ts';
import { type MigrationRecord, MigrationTable } from './migration-table.ts';

/** Where the migrator reports progress; `console` and the Powertools logger both fit. */
export interface MigrationLogger {
  info(message: string): void;
  warn(message: string): void;
}

/** Options for {@link createSqlMigrator}. */
export interface SqlMigratorOptions {
  /**
   * The bookkeeping table (`table` or `schema.table`).
   * @default 'greenlight_migrations'
   */
  readonly table?: string;
  /**
   * The policy's approval for `-- greenlight: breaks-blue` (contract) migrations.
   * @default false - such migrations are refused
   */
  readonly allowBlueIncompatible?: boolean;
  /** @default - silent */
  readonly logger?: MigrationLogger;
}

/** An applied migration as `status` shows it. */
export interface AppliedMigrationStatus extends MigrationRecord {
  /** The up file's path; undefined when the file is no longer in the folder. */
  readonly file?: string;
}

/** A migration in the folder that has not been applied. */
export interface PendingMigration {
  readonly id: string;
  readonly file: string;
  readonly checksum: string;
  readonly blueCompatible: boolean;
  readonly hasDown: boolean;
}

/** What `status` returns. */
export interface MigrationStatus {
  /** Every row of the bookkeeping table, in run order. */
  readonly applied: readonly AppliedMigrationStatus[];
  /** Migrations in the folder not yet applied, in run order. */
  readonly pending: readonly PendingMigration[];
  /** Applied migrations whose up file changed since (a `migrate` would refuse). */
  readonly drifted: readonly DriftedMigration[];
}

/** The migration engine for one database. */
export interface SqlMigrator {
  /** Reads what is applied, pending and drifted. Creates nothing. */
  status(dir: string): Promise<MigrationStatus>;
  /**
   * Applies the pending migrations in order, each in its own transaction.
   * @throws MigrationFailedError on drift, a refused breaks-blue migration, or a failing script
   */
  migrate(
    dir: string,
    request: { deploymentId: string; onApplied?: (migration: AppliedMigration) => Promise<void> },
  ): Promise<MigrationReport>;
  /**
   * Runs the down scripts of the migrations `deploymentId` applied, newest first.
   * @returns the ids reverted
   * @throws MigrationFailedError, before running anything, when one of them has no down file
   */
  revert(dir: string, request: { deploymentId: string }): Promise<string[]>;
  /** Operators: reverts the last `steps` applied migrations, whoever applied them. */
  rollbackLast(dir: string, request: { steps: number }): Promise<string[]>;
}

const silent: MigrationLogger = { info: () => {}, warn: () => {} };

/** Creates the migration engine for `db`. */
export function createSqlMigrator(db: SqlDatabase, options: SqlMigratorOptions = {}): SqlMigrator {
  const table = new MigrationTable(options.table);
  const logger = options.logger ?? silent;

  const load = async (dir: string): Promise<MigrationSet> => {
    const set = await loadMigrationFolder(dir);
    for (const warning of set.warnings) logger.warn(warning);
    return set;
  };
  const records = async (): Promise<MigrationRecord[]> =>
    (await table.exists(db)) ? inRunOrder(await table.all(db)) : [];

  /** Applies one migration; false when another runner applied it first. */
  const applyOne = (file: MigrationFile, deploymentId: string): Promise<boolean> =>
    db.transaction(async (tx) => {
      await table.lock(tx);
      const existing = await table.find(tx, file.id);
      if (existing) {
        if (existing.checksum !== file.checksum) throw driftError(findDrift([file], [existing]));
        return false;
      }
      await tx.exec(file.upSql).catch((error: unknown) => {
        throw scriptFailedError(file.upPath, 'up', error);
      });
      await table.insert(tx, { ...file, deploymentId });
      return true;
    });

  /** Reverts one migration; false when another runner reverted it first. */
  const revertOne = (file: MigrationFile): Promise<boolean> =>
    db.transaction(async (tx) => {
      await table.lock(tx);
      if (!(await table.find(tx, file.id))) return false;
      await tx.exec(file.downSql ?? '').catch((error: unknown) => {
        throw scriptFailedError(file.downPath ?? file.upPath, 'down', error);
      });
      await table.remove(tx, file.id);
      return true;
    });

  const revertPlan = async (set: MigrationSet, targets: readonly MigrationRecord[]): Promise<string[]> => {
    const plan = planRevert(set.migrations, targets, set.dir);
    const reverted: string[] = [];
    const umzug = umzugFor(set, table, db, {
      up: () => Promise.reject(new Error('revert never applies')),
      down: async (file) => {
        if (await revertOne(file)) {
          reverted.push(file.id);
          logger.info(`reverted ${file.id}`);
        }
      },
    });
    await unwrap(umzug.down({ migrations: plan.map((file) => file.id), rerun: 'SKIP' }));
    return reverted;
  };

  return {
    async status(dir) {
      const set = await load(dir);
      const applied = await records();
      const files = new Map(set.migrations.map((file) => [file.id, file]));
      const pending = await umzugFor(set, table, db, noRun).pending();
      return {
        applied: applied.map((record) => {
          const file = files.get(record.id)?.upPath;
          return file ? { ...record, file } : record;
        }),
        pending: pending.flatMap(({ name }) => {
          const file = files.get(name);
          return file
            ? [
                {
                  id: file.id,
                  file: file.upPath,
                  checksum: file.checksum,
                  blueCompatible: file.blueCompatible,
                  hasDown: file.downSql !== undefined,
                },
              ]
            : [];
        }),
        drifted: findDrift(set.migrations, applied),
      };
    },

    async migrate(dir, { deploymentId, onApplied }) {
      const set = await load(dir);
      if (!(await table.exists(db))) await table.ensure(db);
      const recorded = await table.all(db);
      const known = new Set(set.migrations.map((file) => file.id));
      for (const record of recorded.filter((r) => !known.has(r.id))) {
        logger.warn(
          `${record.id} is applied but ${record.id}.up.sql is not in ${dir}: was it renamed or deleted?`,
        );
      }
      const drifted = findDrift(set.migrations, recorded);
      if (drifted.length > 0) throw driftError(drifted);

      const applied: AppliedMigration[] = [];
      const umzug = umzugFor(set, table, db, {
        up: async (file) => {
          if (!(await applyOne(file, deploymentId))) return;
          const migration = { id: file.id, checksum: file.checksum, blueCompatible: file.blueCompatible };
          applied.push(migration);
          await onApplied?.(migration);
          logger.info(`applied ${file.id} (${file.blueCompatible ? 'blue-compatible' : 'breaks-blue'})`);
        },
        down: () => Promise.reject(new Error('migrate never reverts')),
      });
      const pendingIds = new Set((await umzug.pending()).map((meta) => meta.name));
      const breaking = set.migrations.filter((file) => pendingIds.has(file.id) && !file.blueCompatible);
      if (breaking.length > 0 && !options.allowBlueIncompatible) throw breaksBlueError(breaking);

      await unwrap(umzug.up());
      return { applied, alreadyApplied: set.migrations.length - applied.length };
    },

    async revert(dir, { deploymentId }) {
      const set = await load(dir);
      const mine = (await records()).filter((record) => record.appliedByDeployment === deploymentId);
      return revertPlan(set, mine);
    },

    async rollbackLast(dir, { steps }) {
      if (!Number.isInteger(steps) || steps < 1) {
        throw new MigrationFailedError(`steps must be a whole number of at least 1, got ${steps}`);
      }
      const set = await load(dir);
      return revertPlan(set, (await records()).slice(-steps));
    },
  };
}

interface Runners {
  up(file: MigrationFile): Promise<void>;
  down(file: MigrationFile): Promise<void>;
}

const noRun: Runners = {
  up: () => Promise.reject(new Error('status never applies')),
  down: () => Promise.reject(new Error('status never reverts')),
};

/**
 * An umzug over the folder's migrations. Its storage only reads: the bookkeeping row is written
 * (or deleted) inside each migration's own transaction, by `runners`.
 */
function umzugFor(set: MigrationSet, table: MigrationTable, db: SqlDatabase, runners: Runners): Umzug {
  return new Umzug({
    migrations: set.migrations.map((file) => ({
      name: file.id,
      path: file.upPath,
      up: () => runners.up(file),
      down: () => runners.down(file),
    })),
    storage: {
      executed: async () =>
        (await table.exists(db)) ? (await table.all(db)).map((record) => record.id) : [],
      logMigration: async () => {},
      unlogMigration: async () => {},
    },
    logger: undefined,
  });
}

/** umzug wraps whatever a migration throws; give callers our own error back. */
async function unwrap<T>(run: Promise<T>): Promise<T> {
  try {
    return await run;
  } catch (error) {
    const cause = error instanceof MigrationError ? error.cause : error;
    if (cause instanceof GreenlightError) throw cause;
    throw new MigrationFailedError(`migration run failed: ${String(cause)}`, { cause });
  }
}

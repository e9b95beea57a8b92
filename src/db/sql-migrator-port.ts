/**
 * The `Migrator` port over the SQL migration engine: reaches the service's database through a
 * function the caller provides (the local world's engine, or a pool on RDS) and reads the
 * migrations from a local folder.
 */

import type { Migrator } from '../ports/database.ts';
import type { ServiceBinding } from '../schema/config.ts';
import type { SqlDatabase } from './engine/sql-database.ts';
import { checkMigrationFolder } from './migration-check.ts';
import { resolveMigrationLocation } from './migration-location.ts';
import { createSqlMigrator, type MigrationLogger, type SqlMigrator } from './sql-migrator.ts';

/** Options for {@link createSqlMigratorPort}. */
export interface SqlMigratorPortOptions {
  /** Opens (or hands out) the service's database. */
  readonly connect: (binding: ServiceBinding) => Promise<SqlDatabase>;
  /**
   * Whether the database from `connect` is closed after each call. False when `connect` hands
   * out a long-lived shared engine (the local world's PGlite).
   * @default false
   */
  readonly closeAfterUse?: boolean;
  /**
   * The policy's approval for `breaks-blue` migrations, per service.
   * @default false
   */
  readonly allowBlueIncompatible?: boolean | ((binding: ServiceBinding) => boolean);
  /**
   * Folder that relative locations are resolved against.
   * @default - the process's working directory
   */
  readonly baseDir?: string;
  /** @default 'greenlight_migrations' */
  readonly table?: string;
  readonly logger?: MigrationLogger;
}

/** A {@link Migrator} backed by {@link createSqlMigrator}. */
export function createSqlMigratorPort(options: SqlMigratorPortOptions): Migrator {
  const withMigrator = async <T>(
    binding: ServiceBinding,
    location: string,
    run: (migrator: SqlMigrator, dir: string) => Promise<T>,
  ): Promise<T> => {
    // Resolved first: a bad location fails before any connection is opened.
    const dir = resolveMigrationLocation(location, options.baseDir);
    const approval = options.allowBlueIncompatible;
    const db = await options.connect(binding);
    try {
      const migrator = createSqlMigrator(db, {
        allowBlueIncompatible: typeof approval === 'function' ? approval(binding) : (approval ?? false),
        ...(options.table ? { table: options.table } : {}),
        ...(options.logger ? { logger: options.logger } : {}),
      });
      return await run(migrator, dir);
    } finally {
      if (options.closeAfterUse) await db.close();
    }
  };

  return {
    check: (_binding, location) => checkMigrationFolder(location, options.baseDir),
    migrate: (binding, { location, deploymentId, onApplied }) =>
      withMigrator(binding, location, (migrator, dir) =>
        migrator.migrate(dir, { deploymentId, ...(onApplied ? { onApplied } : {}) }),
      ),
    revert: (binding, { location, deploymentId }) =>
      withMigrator(binding, location, (migrator, dir) => migrator.revert(dir, { deploymentId })),
  };
}

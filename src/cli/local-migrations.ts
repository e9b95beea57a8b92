import type { SqlDatabase } from '../db/engine/sql-database.ts';
import type { Migrator } from '../ports/database.ts';
import { packageFile } from '../runtime/package-files.ts';

/** The demo app's migrations, shipped with Greenlight (expand-only: blue keeps working). */
export const sampleMigrationsDir = packageFile('examples/shop/migrations');

/**
 * Binds the Migrate step to the local world's own database engine (shared, so never closed
 * here). The migration engine (umzug) loads on first use, not with the CLI.
 */
export const localMigrator = (db: SqlDatabase): Migrator => {
  const port = import('../db/sql-migrator-port.ts').then(({ createSqlMigratorPort }) =>
    createSqlMigratorPort({ connect: async () => db, closeAfterUse: false }),
  );
  return {
    check: async (binding, location) => (await port).check(binding, location),
    migrate: async (binding, request) => (await port).migrate(binding, request),
    revert: async (binding, request) => (await port).revert(binding, request),
  };
};

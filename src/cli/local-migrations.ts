import { fileURLToPath } from 'node:url';
import { createSqlMigratorPort } from '../db/sql-migrator-port.ts';
import type { SqlDatabase } from '../local-world/db/sql-database.ts';
import type { Migrator } from '../ports/database.ts';

/** The demo app's migrations, shipped with Greenlight (expand-only: blue keeps working). */
export const sampleMigrationsDir = fileURLToPath(new URL('../../examples/shop/migrations', import.meta.url));

/** Binds the Migrate step to the local world's own database engine (shared, so never closed here). */
export const localMigrator = (db: SqlDatabase): Migrator =>
  createSqlMigratorPort({ connect: async () => db, closeAfterUse: false });

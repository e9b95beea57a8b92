/**
 * Preflight's check of a request's migrations: the folder resolves and holds migrations. It
 * reads files only (no database, no migration engine), so Preflight's bundle stays small.
 */
import { MigrationFailedError } from '../errors.ts';
import { loadMigrationFolder } from './migration-files.ts';
import { resolveMigrationLocation } from './migration-location.ts';

/** The number of migrations at `location` (relative to `baseDir`); throws when there are none. */
export async function checkMigrationFolder(
  location: string,
  baseDir?: string,
): Promise<{ migrations: number }> {
  const dir = resolveMigrationLocation(location, baseDir);
  const set = await loadMigrationFolder(dir);
  if (set.migrations.length === 0) {
    throw new MigrationFailedError(
      `migration folder ${dir} holds no migrations (files named like 001_add_orders_note.up.sql): check the migrations location`,
    );
  }
  return { migrations: set.migrations.length };
}

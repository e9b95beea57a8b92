import { checkMigrationFolder } from '../../../db/migration-check.ts';
import { MigrationFailedError } from '../../../errors.ts';
import type { PortFactory } from '../aws-ports.ts';
import { databaseSecretArnsFromEnv } from '../database-secrets-from-env.ts';
import { migrationsUnavailable } from '../migrations-unavailable.ts';

/**
 * Preflight's migrator (capability `migration-files`): it checks that a request's migrations
 * are in the bundle, reading files only, and never migrates. Without database secrets in the
 * stack it refuses migrations as the Migrate step would, saying how to enable them.
 */
export const bundledMigrationFiles: PortFactory<'migrator'> = (context) => {
  if (!databaseSecretArnsFromEnv(context.env)) return () => migrationsUnavailable;
  // Migrations ship inside the function's bundle, at the same relative path as in the repo.
  const baseDir = context.env.LAMBDA_TASK_ROOT ?? process.cwd();
  const onlyChecks = (): never => {
    throw new MigrationFailedError(
      'this migrator only checks the bundled migration files (Preflight); the Migrate and Rollback steps apply and revert them',
    );
  };
  return () => ({
    check: (_binding, location) => checkMigrationFolder(location, baseDir),
    migrate: async () => onlyChecks(),
    revert: async () => onlyChecks(),
  });
};

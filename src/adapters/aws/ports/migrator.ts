import type { Migrator } from '../../../ports/database.ts';
import type { PortFactory } from '../aws-ports.ts';
import { databaseSecretArnsFromEnv } from '../database-secrets-from-env.ts';
import { migrationsUnavailable } from '../migrations-unavailable.ts';

/**
 * The SQL migration engine (umzug and pg, about 650 KB): only the entries of Migrate and Rollback
 * name it. Without database secrets it refuses migrations, saying how to enable them. Its
 * variables are checked at cold start, but the engine loads on first use: Rollback, which needs
 * it only to revert migrations, starts without paying for it on the path that moves traffic back.
 */
export const sqlMigrator: PortFactory<'migrator'> = (context) => {
  if (!databaseSecretArnsFromEnv(context.env)) return () => migrationsUnavailable;
  let engine: Promise<Migrator> | undefined;
  const load = () =>
    (engine ??= import('../rds-migrator-from-env.ts').then(({ awsMigratorFromEnv }) =>
      awsMigratorFromEnv(context.env),
    ));
  const migrator: Migrator = {
    check: async (binding, location) => (await load()).check(binding, location),
    migrate: async (binding, request) => (await load()).migrate(binding, request),
    revert: async (binding, request) => (await load()).revert(binding, request),
  };
  return () => migrator;
};

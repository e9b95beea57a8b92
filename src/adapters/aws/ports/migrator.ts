import type { PortFactory } from '../aws-ports.ts';
import { awsMigratorFromEnv } from '../rds-migrator-from-env.ts';

/**
 * The SQL migration engine (umzug and pg, about 650 KB): only the entries of Preflight, Migrate
 * and Rollback name it. Without database secrets it refuses migrations, saying how to enable them.
 */
export const sqlMigrator: PortFactory<'migrator'> = (context) => {
  const migrator = awsMigratorFromEnv(context.env);
  return () => migrator;
};

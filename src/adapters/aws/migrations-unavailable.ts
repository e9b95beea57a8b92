import { ConfigError } from '../../errors.ts';
import type { Migrator } from '../../ports/database.ts';
import { envNames } from './stack-env.ts';

/**
 * When the stack was deployed without database secrets, a request with migrations is refused
 * with a message that says how to enable them, instead of being skipped silently (skipping
 * would deploy code whose schema is missing).
 */
export const migrationsUnavailable: Migrator = {
  check: async (_binding, location) => {
    throw new ConfigError(
      `migrations are not enabled in this Greenlight stack: the request names migrations at ${location}, but ${envNames.databaseSecrets} is not set. Set aws.databaseSecrets (and aws.databaseVpc) in the config and redeploy, or send the request without "migrations"`,
    );
  },
  migrate: async (_binding, request) => {
    throw new ConfigError(
      `migrations are not enabled in this Greenlight stack: the request names migrations at ${request.location}, but ${envNames.databaseSecrets} is not set. Set aws.databaseSecrets (and aws.databaseVpc) in the config and redeploy, or send the request without "migrations"`,
    );
  },
  revert: async (_binding, request) => {
    throw new ConfigError(
      `migrations are not enabled in this Greenlight stack, so deployment ${request.deploymentId} applied none and there is nothing to revert; use rollback.database "none" or "restore-with-approval"`,
    );
  },
};

/** The stack enabled migrations, but this function's entry did not bind the SQL migrator. */
export const migratorNotBound: Migrator = {
  check: async () => {
    throw new ConfigError(
      `${envNames.databaseSecrets} is set but this function's entry does not bind the SQL migrator: its index.ts must pass { migrator: sqlMigrator } to awsPorts (src/adapters/aws/ports/migrator.ts)`,
    );
  },
  migrate: async () => {
    throw new ConfigError(
      `${envNames.databaseSecrets} is set but this function's entry does not bind the SQL migrator: its index.ts must pass { migrator: sqlMigrator } to awsPorts (src/adapters/aws/ports/migrator.ts)`,
    );
  },
  revert: async () => {
    throw new ConfigError(
      `${envNames.databaseSecrets} is set but this function's entry does not bind the SQL migrator: its index.ts must pass { migrator: sqlMigrator } to awsPorts (src/adapters/aws/ports/migrator.ts)`,
    );
  },
};

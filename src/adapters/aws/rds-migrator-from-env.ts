import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Migrator } from '../../ports/database.ts';
import { databaseSecretArnsFromEnv } from './database-secrets-from-env.ts';
import { type Env, optionalPositiveInt } from './env.ts';
import { migrationsUnavailable } from './migrations-unavailable.ts';
import { rdsMigrator } from './rds-migrator.ts';
import { envNames, sdkClientConfig } from './stack-env.ts';

/**
 * The Migrator for the Migrate and Rollback entries:
 *
 * ```ts
 * export const handler = migrate.bind(awsPortsFromEnv(process.env, { migrator: awsMigratorFromEnv() }));
 * ```
 *
 * With `GREENLIGHT_DATABASE_SECRETS` set (the stack sets it from `aws.databaseSecrets`), the SQL
 * engine runs against each service's RDS database; without it, migrations are refused with a
 * message that says how to enable them.
 */
export function awsMigratorFromEnv(env: Env = process.env): Migrator {
  const secretArnOf = databaseSecretArnsFromEnv(env);
  if (!secretArnOf) return migrationsUnavailable;
  return rdsMigrator({
    client: new SecretsManagerClient(
      sdkClientConfig(optionalPositiveInt(env, envNames.awsRequestTimeoutMs, 10_000)),
    ),
    // Migrations ship inside the function's bundle, at the same relative path as in the repo.
    baseDir: env.LAMBDA_TASK_ROOT ?? process.cwd(),
    secretArnOf,
  });
}

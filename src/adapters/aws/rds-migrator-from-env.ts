import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ConfigError } from '../../errors.ts';
import type { Migrator } from '../../ports/database.ts';
import { serviceIdentityFromTargetGroups } from './cloudwatch-alarms.ts';
import { type Env, optionalPositiveInt, requiredString, requiredStringRecord } from './env.ts';
import { envNames, migrationsUnavailable, sdkClientConfig } from './ports-from-env.ts';
import { rdsMigrator } from './rds-migrator.ts';

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
  if (!env[envNames.databaseSecrets]) return migrationsUnavailable;
  const secrets = requiredStringRecord(
    env,
    envNames.databaseSecrets,
    'a JSON object mapping each service name to its RDS secret ARN',
  );
  const identify = serviceIdentityFromTargetGroups(
    requiredString(env, envNames.environment, 'the environment this stack deploys'),
    requiredStringRecord(
      env,
      envNames.serviceTargetGroups,
      'a JSON object mapping each service to its blue target group ARN',
    ),
  );
  return rdsMigrator({
    client: new SecretsManagerClient(
      sdkClientConfig(optionalPositiveInt(env, envNames.awsRequestTimeoutMs, 10_000)),
    ),
    // Migrations ship inside the function's bundle, at the same relative path as in the repo.
    baseDir: env.LAMBDA_TASK_ROOT ?? process.cwd(),
    secretArnOf: (binding) => {
      const { service } = identify(binding);
      const arn = secrets[service];
      if (!arn) throw new ConfigError(`${envNames.databaseSecrets} has no secret for service ${service}`);
      return arn;
    },
  });
}

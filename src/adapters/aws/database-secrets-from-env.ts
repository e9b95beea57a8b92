import { ConfigError } from '../../errors.ts';
import type { ServiceBinding } from '../../schema/config.ts';
import { serviceIdentityFromTargetGroups } from './cloudwatch-alarms.ts';
import { type Env, requiredString, requiredStringRecord } from './env.ts';
import { envNames } from './stack-env.ts';

/**
 * The RDS secret ARN of a binding's database, from `GREENLIGHT_DATABASE_SECRETS` (the stack
 * sets it from `aws.databaseSecrets` on the functions that open the database). Null when the
 * variable is unset: this stack was given no database credentials.
 */
export function databaseSecretArnsFromEnv(env: Env): ((binding: ServiceBinding) => string) | null {
  if (!env[envNames.databaseSecrets]) return null;
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
  return (binding) => {
    const { service } = identify(binding);
    const arn = secrets[service];
    if (!arn)
      throw new ConfigError(
        `${envNames.databaseSecrets} has no secret for service ${service}; add it to aws.databaseSecrets in the config and redeploy`,
      );
    return arn;
  };
}

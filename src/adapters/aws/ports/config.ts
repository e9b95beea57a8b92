import { ConfigError } from '../../../errors.ts';
import type { PortFactory } from '../aws-ports.ts';
import { EnvConfigSource } from '../env-config-source.ts';
import { envNames } from '../stack-env.ts';

/** The environment config JSON the stack puts in GREENLIGHT_CONFIG (Preflight, the early verdict, the DR drill). */
export const envConfig: PortFactory<'config'> = (context) => {
  const json = context.env[envNames.config];
  return () =>
    json
      ? new EnvConfigSource(json, envNames.config)
      : {
          load: async () => {
            throw new ConfigError(
              `environment variable ${envNames.config} is missing; only the functions whose step reads the config receive it`,
            );
          },
        };
};

import { leaseProblem } from '../core/lease.ts';
import { ConfigError, InvalidRequestError } from '../errors.ts';
import { type EnvironmentConfig, environmentConfigSchema } from './config.ts';
import { parseOrThrow } from './parse.ts';

/** Validates one environment's config, turning problems into a ConfigError that names each bad field. */
export function parseEnvironmentConfig(raw: unknown, source: string): EnvironmentConfig {
  let config: EnvironmentConfig;
  try {
    config = parseOrThrow(`the config of ${source}`, environmentConfigSchema, raw);
  } catch (error) {
    if (error instanceof InvalidRequestError) throw new ConfigError(error.message, { cause: error });
    throw error;
  }
  const problem = leaseProblem(config);
  if (problem) throw new ConfigError(`the config of ${source}: ${problem}`);
  return config;
}

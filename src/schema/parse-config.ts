import { ConfigError, InvalidRequestError } from '../errors.ts';
import { type EnvironmentConfig, environmentConfigSchema } from './config.ts';
import { parseOrThrow } from './parse.ts';

/** Validates one environment's config, turning problems into a ConfigError that names each bad field. */
export function parseEnvironmentConfig(raw: unknown, source: string): EnvironmentConfig {
  try {
    return parseOrThrow(`the config of ${source}`, environmentConfigSchema, raw);
  } catch (error) {
    if (error instanceof InvalidRequestError) throw new ConfigError(error.message, { cause: error });
    throw error;
  }
}

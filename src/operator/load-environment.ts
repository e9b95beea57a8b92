/** Reads one environment's config from `config/greenlight.config.json`, `--config <file>` or `--preset <name>`. */
import { existsSync } from 'node:fs';
import type { GreenlightConfigFile } from '../../lib/config-schema.ts';
import { loadGreenlightConfig, parseGreenlightConfig } from '../../lib/load-config.ts';
import { InvalidRequestError } from '../errors.ts';
import { configFileFor } from '../presets/config-file.ts';
import { presetNamed } from '../presets/index.ts';
import type { EnvironmentConfig } from '../schema/config.ts';

import { defaultConfigPath } from './config-path.ts';

export { defaultConfigPath };

/** Where a command's config comes from: a file (the default one when neither is given) or a preset. */
export interface ConfigSource {
  readonly config?: string;
  readonly preset?: string;
}

/**
 * The validated config file a command reads: both sources go through the same validation.
 * @throws InvalidRequestError when both or a bad one are given, or the file is missing or invalid.
 */
export function loadConfigFile(source: ConfigSource): { file: GreenlightConfigFile; name: string } {
  if (source.config !== undefined && source.preset !== undefined) {
    throw new InvalidRequestError(
      `--config and --preset both given (${source.config}, ${source.preset}): a command reads one config; pass one of them`,
    );
  }
  try {
    if (source.preset !== undefined) {
      const preset = presetNamed(source.preset);
      return {
        file: parseGreenlightConfig(configFileFor(preset), `the "${preset.name}" preset`),
        name: `the "${preset.name}" preset`,
      };
    }
    const path = source.config ?? defaultConfigPath;
    if (!existsSync(path)) {
      throw new InvalidRequestError(
        `--config: ${path} does not exist; pass --config <path to greenlight.config.json>, or --preset <name> (greenlight init --list-presets)`,
      );
    }
    return { file: loadGreenlightConfig(path), name: path };
  } catch (error) {
    if (error instanceof InvalidRequestError) throw error;
    throw new InvalidRequestError((error as Error).message);
  }
}

/** @throws InvalidRequestError when the config cannot be read, or lacks the environment. */
export function loadEnvironmentConfig(
  environment: string,
  source: ConfigSource | string = {},
): EnvironmentConfig {
  const { file, name } = loadConfigFile(typeof source === 'string' ? { config: source } : source);
  const entry = file.environments[environment];
  if (!entry) {
    const known = Object.keys(file.environments).join(', ') || 'none';
    throw new InvalidRequestError(`environment "${environment}" is not in ${name} (it has: ${known})`);
  }
  return entry.config;
}

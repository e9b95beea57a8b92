/** Reads one environment's config from `config/greenlight.config.json` (or `--config`). */
import { existsSync } from 'node:fs';
import { loadGreenlightConfig } from '../../lib/load-config.ts';
import { InvalidRequestError } from '../errors.ts';
import type { EnvironmentConfig } from '../schema/config.ts';

import { defaultConfigPath } from './config-path.ts';

export { defaultConfigPath };

/** @throws InvalidRequestError when the file is missing, invalid, or lacks the environment. */
export function loadEnvironmentConfig(environment: string, path = defaultConfigPath): EnvironmentConfig {
  if (!existsSync(path)) {
    throw new InvalidRequestError(
      `--config: ${path} does not exist; pass --config <path to greenlight.config.json>`,
    );
  }
  let file: ReturnType<typeof loadGreenlightConfig>;
  try {
    file = loadGreenlightConfig(path);
  } catch (error) {
    throw new InvalidRequestError((error as Error).message);
  }
  const entry = file.environments[environment];
  if (!entry) {
    const known = Object.keys(file.environments).join(', ') || 'none';
    throw new InvalidRequestError(`environment "${environment}" is not in ${path} (it has: ${known})`);
  }
  return entry.config;
}

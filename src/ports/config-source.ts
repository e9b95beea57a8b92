import type { EnvironmentConfig } from '../schema/config.ts';

/**
 * Where Preflight reads an environment's config (validated at synth time and again here).
 * On AWS it is the JSON the stack put in the Preflight function's environment; locally, the
 * local world's own config.
 */
export interface ConfigSource {
  /** Returns the validated config, or throws ConfigError naming the bad field. */
  load(environment: string): Promise<EnvironmentConfig>;
}

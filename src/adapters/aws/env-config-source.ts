import { ConfigError, InvalidRequestError } from '../../errors.ts';
import type { ConfigSource } from '../../ports/config-source.ts';
import type { EnvironmentConfig } from '../../schema/config.ts';
import { parseEnvironmentConfig } from '../../schema/parse-config.ts';
import { decodeConfig } from './config-codec.ts';

/**
 * The environment config the stack wrote into the function's environment (`GREENLIGHT_CONFIG`,
 * the JSON the user wrote, validated at synth time, gzipped: src/adapters/aws/config-codec.ts). It is validated again here, once per
 * cold start, because a hand-edited function environment is still possible.
 */
export class EnvConfigSource implements ConfigSource {
  private parsed: EnvironmentConfig | undefined;

  constructor(
    private readonly json: string,
    private readonly variableName = 'GREENLIGHT_CONFIG',
  ) {}

  async load(environment: string): Promise<EnvironmentConfig> {
    this.parsed ??= this.parse();
    if (this.parsed.environment !== environment) {
      throw new InvalidRequestError(
        `request.environment: this Greenlight stack deploys to "${this.parsed.environment}", not "${environment}"; send the request to the ${environment} stack's state machine or bus`,
      );
    }
    return this.parsed;
  }

  private parse(): EnvironmentConfig {
    let raw: unknown;
    try {
      raw = JSON.parse(decodeConfig(this.json));
    } catch (error) {
      throw new ConfigError(
        `${this.variableName} is neither JSON nor gzipped JSON (${(error as Error).message}); redeploy the stack`,
        {
          cause: error,
        },
      );
    }
    return parseEnvironmentConfig(raw, this.variableName);
  }
}

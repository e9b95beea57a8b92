import { ConfigError } from '../../errors.ts';

/**
 * Typed readers for a Lambda function's environment variables. Each failure names the
 * variable, what it should hold, and that the stack sets it, so a broken deployment is
 * obvious at cold start instead of halfway through a step.
 */
export type Env = Readonly<Record<string, string | undefined>>;

/** A required, non-empty string. */
export function requiredString(env: Env, name: string, holds: string): string {
  const value = env[name]?.trim();
  if (!value) {
    throw new ConfigError(
      `environment variable ${name} is missing; it should hold ${holds} (the Greenlight stack sets it)`,
    );
  }
  return value;
}

/** An optional positive integer, or `fallback` when unset. */
export function optionalPositiveInt(env: Env, name: string, fallback: number): number;
export function optionalPositiveInt(env: Env, name: string, fallback?: undefined): number | undefined;
export function optionalPositiveInt(env: Env, name: string, fallback?: number): number | undefined {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new ConfigError(
      `environment variable ${name} must be a positive integer, got ${JSON.stringify(raw)}`,
    );
  }
  return value;
}

/** A required JSON object whose values are all strings, e.g. `{"shop":"arn:..."}`. */
export function requiredStringRecord(env: Env, name: string, holds: string): Record<string, string> {
  const raw = requiredString(env, name, holds);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError(`environment variable ${name} is not valid JSON; it should hold ${holds}`);
  }
  const isRecord =
    typeof parsed === 'object' &&
    parsed !== null &&
    !Array.isArray(parsed) &&
    Object.values(parsed).every((value) => typeof value === 'string');
  if (!isRecord)
    throw new ConfigError(`environment variable ${name} should hold ${holds}, got ${raw.slice(0, 200)}`);
  return parsed as Record<string, string>;
}

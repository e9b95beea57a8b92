/**
 * Faults an app server can be told to have, and the pure decisions they imply. The server
 * (app-server.ts) only does the I/O: it asks these functions what to do with each request.
 */
import { ConfigError } from '../../errors.ts';

/** Faults to inject; every field is optional and "no fault" when absent. */
export interface Faults {
  /** Share of app requests answered with a real 500, drawn from the seeded RNG (0..1). */
  readonly errorRate?: number;
  /** A real delay added before every app request is handled. */
  readonly latencyMs?: number;
  /** The process is gone: open sockets are destroyed, new connections are reset. */
  readonly crash?: boolean;
  /** Every health endpoint answers 503. */
  readonly neverHealthy?: boolean;
  /** /health/ready answers 503 until this long after start (a slow warm-up). */
  readonly slowStartMs?: number;
  /** After this long of serving, every app request fails (errorRate 1): a latent bug. */
  readonly failAfterMs?: number;
}

/** The health endpoints of seed 000 §10.1. */
export type HealthEndpoint = '/health' | '/health/ready' | '/health/live' | '/health/db';

/** Throws a ConfigError naming the first bad fault value and what it should be. */
export function validateFaults(faults: Faults): void {
  const { errorRate, latencyMs, slowStartMs, failAfterMs } = faults;
  if (errorRate !== undefined && !(errorRate >= 0 && errorRate <= 1)) {
    throw new ConfigError(`faults.errorRate must be between 0 and 1, got ${errorRate}`);
  }
  for (const [name, value] of Object.entries({ latencyMs, slowStartMs, failAfterMs })) {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
      throw new ConfigError(`faults.${name} must be a number of milliseconds >= 0, got ${value}`);
    }
  }
}

/**
 * Why a health endpoint should answer 503 now, or undefined when it should answer 200.
 * failAfterMs does not touch health: a latent bug passes health checks and shows in the 5xx.
 */
export function healthFailure(
  faults: Faults,
  endpoint: HealthEndpoint,
  uptimeMs: number,
): string | undefined {
  if (faults.neverHealthy) return 'never healthy (injected fault)';
  if (endpoint === '/health/ready' && faults.slowStartMs !== undefined && uptimeMs < faults.slowStartMs) {
    return `warming up: ready ${faults.slowStartMs - uptimeMs} ms from now`;
  }
  return undefined;
}

/**
 * Whether an app request should fail. `draw` is the request's uniform [0, 1) number; one is
 * drawn for every app request, so the outcome sequence depends only on the seed and the
 * request order.
 */
export function shouldFailRequest(faults: Faults, uptimeMs: number, draw: number): boolean {
  if (faults.failAfterMs !== undefined && uptimeMs >= faults.failAfterMs) return true;
  return draw < (faults.errorRate ?? 0);
}

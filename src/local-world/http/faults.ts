/**
 * Faults an app server can be told to have, and the pure decisions they imply. The server
 * (app-server.ts) only does the I/O: it asks these functions what to do with each request.
 */
import { ConfigError } from '../../errors.ts';

/** Faults to inject; every field is optional and "no fault" when absent. */
export interface Faults {
  /** Share of app requests answered with a real 500, drawn from the seeded RNG (0..1). */
  readonly errorRate?: number;
  /**
   * The median time an app request takes, world ms; each request's own time spreads around it
   * (log-normal, σ = {@link latencySpread}), so p95 is about 1.4× the median, as in real services.
   */
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

/** σ of the log-normal spread of request latencies around their median. */
export const latencySpread = 0.2;

/**
 * How long one app request takes, world ms, from two uniform draws of its own (Box–Muller):
 * the median `latencyMs` times e^(σ·z), to the whole millisecond. 0 without a latency fault.
 */
export function requestLatencyMs(faults: Faults, u1: number, u2: number): number {
  const median = faults.latencyMs ?? 0;
  if (median === 0) return 0;
  const z = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  return Math.max(1, Math.round(median * Math.exp(latencySpread * z)));
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

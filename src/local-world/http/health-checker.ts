/**
 * The target group's health checks: polls every target's health path on an interval over a
 * new connection each time (as an ALB does) and keeps ALB-style healthy/unhealthy state.
 */
import { get } from 'node:http';
import { ConfigError } from '../../errors.ts';
import type { Colour } from '../../ports/colour.ts';
import { type WorldClock, workHeader } from '../clock/world-clock.ts';
import { afterCheck, initialTargetState, type TargetState } from './target-health.ts';

/** One health check's result. */
export interface HealthSample {
  readonly colour: Colour;
  readonly url: string;
  readonly ok: boolean;
  /** HTTP status, or null when there was no answer. */
  readonly status: number | null;
  /** World ms the check took. */
  readonly latencyMs: number;
  readonly atMs: number;
  /** The target's state after this check. */
  readonly state: TargetState['status'];
  readonly error?: string;
}

/** Host counts of one colour, as CloudWatch's HealthyHostCount / UnHealthyHostCount see them. */
export interface ColourHealth {
  readonly healthy: number;
  readonly unhealthy: number;
  /** Hosts that have not yet passed or failed enough checks to be either. */
  readonly initial: number;
  /** The longest current run of failed checks among the colour's hosts. */
  readonly consecutiveFailures: number;
}

/** Options for {@link startHealthChecker}. */
export interface HealthCheckerOptions {
  /** Base URLs per colour; a colour may have several hosts. */
  readonly targets: Readonly<Record<Colour, string | readonly string[]>>;
  /** @default '/health' */
  readonly path?: string;
  /** World ms between checks. @default 1000 */
  readonly intervalMs?: number;
  /** A check without an answer in this many world ms fails. @default min(intervalMs, 5000) */
  readonly timeoutMs?: number;
  /** @default 3 */
  readonly healthyThreshold?: number;
  /** @default 2 */
  readonly unhealthyThreshold?: number;
  readonly onSample?: (sample: HealthSample) => void;
  /**
   * Colours whose targets passed their checks long before the world began (the live colour has
   * served for days): they start healthy, not `initial`. @default none
   */
  readonly alreadyHealthy?: readonly Colour[];
  readonly clock: WorldClock;
  /** Start polling at once. Off, only `checkNow()` checks (deterministic tests). @default true */
  readonly autoStart?: boolean;
}

/** A running health checker. */
export interface HealthChecker {
  health(colour: Colour): ColourHealth;
  /** Runs one round of checks on every host now and resolves when all are done. */
  checkNow(): Promise<void>;
  /** The colour's hosts are new targets (a deployment registered new tasks): `initial` again. */
  reset(colour: Colour): void;
  stop(): void;
}

/** Starts polling every target of both colours. */
export function startHealthChecker(options: HealthCheckerOptions): HealthChecker {
  const intervalMs = options.intervalMs ?? 1000;
  const thresholds = {
    healthyThreshold: options.healthyThreshold ?? 3,
    unhealthyThreshold: options.unhealthyThreshold ?? 2,
  };
  for (const [name, value] of Object.entries({ intervalMs, ...thresholds })) {
    if (!(Number.isInteger(value) && value >= 1)) {
      throw new ConfigError(`health checker ${name} must be an integer >= 1, got ${value}`);
    }
  }
  const timeoutMs = options.timeoutMs ?? Math.min(intervalMs, 5000);
  const path = options.path ?? '/health';
  const { clock } = options;
  const hosts = (['blue', 'green'] as const).flatMap((colour) =>
    ([] as string[]).concat(options.targets[colour]).map((url) => ({
      colour,
      url,
      state: options.alreadyHealthy?.includes(colour)
        ? {
            status: 'healthy' as const,
            consecutiveSuccesses: thresholds.healthyThreshold,
            consecutiveFailures: 0,
          }
        : initialTargetState,
    })),
  );
  const checkHost = async (host: (typeof hosts)[number]) => {
    const atMs = clock.nowMs();
    const { status, error } = await probe(new URL(path, host.url), timeoutMs, clock);
    const ok = status !== null && status >= 200 && status < 400;
    host.state = afterCheck(host.state, ok, thresholds);
    options.onSample?.({
      colour: host.colour,
      url: host.url,
      ok,
      status,
      latencyMs: clock.nowMs() - atMs,
      atMs,
      state: host.state.status,
      ...(error ? { error } : {}),
    });
  };
  const checkNow = async () => {
    await Promise.all(hosts.map(checkHost));
  };
  // A schedule: it keeps checking while the world runs, but never keeps it running alone.
  const stop =
    options.autoStart === false
      ? () => undefined
      : clock.setInterval(intervalMs, checkNow, { background: true });

  return {
    health(colour) {
      const mine = hosts.filter((host) => host.colour === colour).map((host) => host.state);
      return {
        healthy: mine.filter((s) => s.status === 'healthy').length,
        unhealthy: mine.filter((s) => s.status === 'unhealthy').length,
        initial: mine.filter((s) => s.status === 'initial').length,
        consecutiveFailures: Math.max(0, ...mine.map((s) => s.consecutiveFailures)),
      };
    },
    checkNow,
    reset(colour) {
      for (const host of hosts) if (host.colour === colour) host.state = initialTargetState;
    },
    stop,
  };
}

/** One GET on a fresh connection, as one unit of work: the status, or null and why there was none. */
function probe(
  url: URL,
  timeoutMs: number,
  clock: WorldClock,
): Promise<{ status: number | null; error?: string }> {
  const unit = clock.beginWork(`health check ${url.host}`);
  return new Promise<{ status: number | null; error?: string }>((resolve) => {
    const request = get(url, { agent: false, headers: { [workHeader]: unit.id } }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? null }));
      response.on('error', (error) => resolve({ status: null, error: error.message }));
    });
    const cancel = clock.setTimeout(timeoutMs, () =>
      request.destroy(new Error(`no answer within ${timeoutMs} ms`)),
    );
    request.on('close', cancel);
    request.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ status: null, error: error.code ?? error.message }),
    );
  }).finally(() => unit.end());
}

import { ConfigError } from '../../errors.ts';
import type { Clock } from '../../ports/clock.ts';

/**
 * The local world's clock. Every duration a caller passes here is in WORLD milliseconds.
 *
 * Two kinds run the same world:
 * - `virtual` (simulate, demo, the tests, the bench): a discrete-event clock. World time jumps
 *   to the next due timer only when no work is in flight, so a five-hour bake costs nothing and
 *   a busy machine changes no outcome. Work is whatever the world marks with `track` or a
 *   {@link WorkUnit}: requests, handler calls, SQL.
 * - `wall` (`serve`): scaled real time, because people and the AWS CLI pace it by hand.
 *   Tracking is free there: it changes nothing.
 */
export interface WorldClock extends Clock {
  readonly kind: 'virtual' | 'wall';
  /** Resolves once `worldMs` of world time have passed; rejects with the signal's reason when aborted. */
  sleep(worldMs: number, signal?: AbortSignal): Promise<void>;
  /**
   * Calls `fn` once, `worldMs` from now; returns a function that cancels it. A promise `fn`
   * returns is tracked as work, so time does not pass until it settles.
   */
  setTimeout(worldMs: number, fn: () => unknown): () => void;
  /**
   * Calls `fn` every `worldMs` of world time (tracked like setTimeout); returns a function that
   * stops it. A `background` interval is a schedule (health checks, alarm evaluation, an
   * EventBridge schedule): like an unref'd Node timer, it never keeps the world going alone.
   */
  setInterval(worldMs: number, fn: () => unknown, options?: { readonly background?: boolean }): () => void;
  /** Runs `work` as work in flight: world time does not pass until it settles. */
  track<T>(label: string, work: () => Promise<T>): Promise<T>;
  /** Begins a unit of work that may cross sockets: pass its `id` along (the {@link workHeader}). */
  beginWork(label: string): WorkUnit;
  /**
   * Joins the unit whose id came with a request, so the parties of one exchange count as one
   * piece of work; begins a new unit when the id is unknown or absent.
   */
  joinWork(id: string | undefined, label: string): WorkUnit;
}

/**
 * One piece of work in flight, shared by the parties of an exchange (a client, the router, an
 * app server). It keeps world time from passing until every party has ended it, except while
 * one of them sleeps on the clock through it: an app server's injected latency is waiting,
 * not work.
 */
export interface WorkUnit {
  readonly id: string;
  /** Sleeps on the world clock; the unit is parked meanwhile, so time may pass. */
  sleep(worldMs: number, signal?: AbortSignal): Promise<void>;
  /** This party is done; idempotent. */
  end(): void;
}

/** The HTTP header that carries a work unit's id from party to party. */
export const workHeader = 'x-greenlight-work';

/** Throws a ConfigError naming the bad timeScale and the fix. */
export function assertValidTimeScale(timeScale: number): void {
  if (!Number.isFinite(timeScale) || timeScale <= 0) {
    throw new ConfigError(
      `timeScale must be a finite number greater than 0 (world ms per real ms, e.g. 60 for a world minute per real second); got ${String(timeScale)}`,
    );
  }
}

/** Throws a ConfigError unless `ms` is a finite, non-negative duration. */
export function assertValidDuration(name: string, ms: number): void {
  if (!Number.isFinite(ms) || ms < 0) {
    throw new ConfigError(`${name} must be a finite number of world milliseconds >= 0; got ${String(ms)}`);
  }
}

/** Throws a ConfigError unless `ms` is a finite interval > 0. */
export function assertValidInterval(ms: number): void {
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new ConfigError(`interval must be a finite number of world milliseconds > 0; got ${ms}`);
  }
}

/** A unit that tracks nothing: what the wall clock and the manual clock hand out. */
export function untrackedWork(clock: Pick<WorldClock, 'sleep'>, id: string): WorkUnit {
  return { id, sleep: (worldMs, signal) => clock.sleep(worldMs, signal), end: () => undefined };
}

/** A sleep that settles with `fn`'s timer and rejects with the signal's reason when aborted. */
export function abortableSleep(
  arm: (resolve: () => void) => () => void,
  signal: AbortSignal | undefined,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      cancel();
      reject(signal?.reason);
    };
    const cancel = arm(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

import { ConfigError } from '../../errors.ts';
import type { Clock } from '../../ports/clock.ts';

/**
 * The local world's clock: world time runs `timeScale` times faster than real time, so a
 * five-minute bake can pass in five real seconds (timeScale 60).
 *
 * Every duration a caller passes here is in WORLD milliseconds; the clock converts to real
 * milliseconds only when it arms a real timer.
 */
export interface WorldClock extends Clock {
  /** World milliseconds that pass per real millisecond (60 → a world minute per real second). */
  readonly timeScale: number;
  /** Converts a world DURATION to the real duration it takes. */
  toRealMs(worldMs: number): number;
  /** Converts a real DURATION to the world duration that passes meanwhile. */
  toWorldMs(realMs: number): number;
  /** Resolves once `worldMs` of world time have passed; rejects with the signal's reason when aborted. */
  sleep(worldMs: number, signal?: AbortSignal): Promise<void>;
  /** Calls `fn` every `worldMs` of world time; returns a disposer that stops it. */
  setInterval(worldMs: number, fn: () => void): () => void;
}

export interface WorldClockOptions {
  /** World ms per real ms; must be finite and > 0. 1 = real time. */
  readonly timeScale: number;
  /**
   * World time at creation, epoch ms.
   * @default - the real time at creation
   */
  readonly startMs?: number;
  /**
   * Source of real time, injectable so tests can assert the scaling exactly.
   * @default Date.now
   */
  readonly realNow?: () => number;
}

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

/** Creates a world clock whose time runs `timeScale` times faster than `realNow`. */
export function createWorldClock(options: WorldClockOptions): WorldClock {
  assertValidTimeScale(options.timeScale);
  const timeScale = options.timeScale;
  const realNow = options.realNow ?? Date.now;
  const realStartMs = realNow();
  const worldStartMs = options.startMs ?? realStartMs;
  const toRealMs = (worldMs: number): number => worldMs / timeScale;
  const toWorldMs = (realMs: number): number => realMs * timeScale;

  return {
    timeScale,
    nowMs: () => worldStartMs + toWorldMs(realNow() - realStartMs),
    toRealMs,
    toWorldMs,
    sleep(worldMs, signal) {
      assertValidDuration('sleep duration', worldMs);
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason);
          return;
        }
        const onAbort = (): void => {
          clearTimeout(timer);
          reject(signal?.reason);
        };
        const timer = setTimeout(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }, toRealMs(worldMs));
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    setInterval(worldMs, fn) {
      if (!Number.isFinite(worldMs) || worldMs <= 0) {
        throw new ConfigError(`interval must be a finite number of world milliseconds > 0; got ${worldMs}`);
      }
      // Node clamps real intervals below 1 ms to 1 ms: at extreme time scales ticks come less often than asked.
      const timer = setInterval(fn, toRealMs(worldMs));
      return () => clearInterval(timer);
    },
  };
}

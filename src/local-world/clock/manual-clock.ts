import { ConfigError } from '../../errors.ts';
import { assertValidDuration, type WorldClock } from './world-clock.ts';

/** A world clock that moves only when told: deterministic tests of timers, sleeps and alarms. */
export interface ManualClock extends WorldClock {
  /**
   * Moves world time forward by `ms`, firing due timers in time order: each timer callback
   * sees `nowMs()` equal to its own due time. Sleeps resolve (on the microtask queue) too.
   */
  advance(ms: number): void;
  /** Moves world time forward to `atMs` (no-op when already there). */
  advanceTo(atMs: number): void;
  /** Number of armed timers (sleeps and intervals), for tests that check clean-up. */
  pendingTimers(): number;
}

interface Timer {
  readonly id: number;
  dueMs: number;
  readonly everyMs: number | null;
  readonly fire: () => void;
}

/** Creates a manual clock at `startMs` (epoch ms, default 0). Its timeScale is 1. */
export function createManualClock(startMs = 0): ManualClock {
  let nowMs = startMs;
  let nextId = 1;
  const timers = new Map<number, Timer>();

  const nextDue = (limitMs: number): Timer | undefined => {
    let best: Timer | undefined;
    for (const timer of timers.values()) {
      if (timer.dueMs <= limitMs && (best === undefined || timer.dueMs < best.dueMs)) best = timer;
    }
    return best;
  };

  const advanceTo = (targetMs: number): void => {
    if (!Number.isFinite(targetMs)) throw new ConfigError(`advanceTo needs a finite time; got ${targetMs}`);
    for (let timer = nextDue(targetMs); timer !== undefined; timer = nextDue(targetMs)) {
      nowMs = Math.max(nowMs, timer.dueMs);
      if (timer.everyMs === null) timers.delete(timer.id);
      else timer.dueMs += timer.everyMs;
      timer.fire();
    }
    nowMs = Math.max(nowMs, targetMs);
  };

  return {
    timeScale: 1,
    nowMs: () => nowMs,
    toRealMs: (worldMs) => worldMs,
    toWorldMs: (realMs) => realMs,
    advance(ms) {
      assertValidDuration('advance', ms);
      advanceTo(nowMs + ms);
    },
    advanceTo,
    pendingTimers: () => timers.size,
    sleep(worldMs, signal) {
      assertValidDuration('sleep duration', worldMs);
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason);
          return;
        }
        const id = nextId++;
        const onAbort = (): void => {
          timers.delete(id);
          reject(signal?.reason);
        };
        timers.set(id, {
          id,
          dueMs: nowMs + worldMs,
          everyMs: null,
          fire: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        });
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    setInterval(worldMs, fn) {
      if (!Number.isFinite(worldMs) || worldMs <= 0) {
        throw new ConfigError(`interval must be a finite number of world milliseconds > 0; got ${worldMs}`);
      }
      const id = nextId++;
      timers.set(id, { id, dueMs: nowMs + worldMs, everyMs: worldMs, fire: fn });
      return () => {
        timers.delete(id);
      };
    },
  };
}

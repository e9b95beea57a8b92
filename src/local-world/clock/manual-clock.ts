import { ConfigError } from '../../errors.ts';
import {
  abortableSleep,
  assertValidDuration,
  assertValidInterval,
  untrackedWork,
  type WorldClock,
} from './world-clock.ts';

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
  readonly fire: () => unknown;
}

/** Creates a manual clock at `startMs` (epoch ms, default 0). Work is not tracked: time moves only by `advance`. */
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

  const arm = (worldMs: number, everyMs: number | null, fire: () => unknown): (() => void) => {
    const id = nextId++;
    timers.set(id, { id, dueMs: nowMs + worldMs, everyMs, fire });
    return () => {
      timers.delete(id);
    };
  };
  const sleep = (worldMs: number, signal?: AbortSignal): Promise<void> => {
    assertValidDuration('sleep duration', worldMs);
    return abortableSleep((resolve) => arm(worldMs, null, resolve), signal);
  };
  const clock: ManualClock = {
    kind: 'virtual',
    nowMs: () => nowMs,
    advance(ms) {
      assertValidDuration('advance', ms);
      advanceTo(nowMs + ms);
    },
    advanceTo,
    pendingTimers: () => timers.size,
    sleep,
    setTimeout(worldMs, fn) {
      assertValidDuration('timeout', worldMs);
      return arm(worldMs, null, fn);
    },
    setInterval(worldMs, fn, _options) {
      assertValidInterval(worldMs);
      return arm(worldMs, worldMs, fn);
    },
    track: (_label, work) => work(),
    beginWork: () => untrackedWork(clock, `w${nextId++}`),
    joinWork: (id) => untrackedWork(clock, id ?? `w${nextId++}`),
  };
  return clock;
}

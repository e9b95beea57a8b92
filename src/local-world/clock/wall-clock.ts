import {
  abortableSleep,
  assertValidDuration,
  assertValidInterval,
  assertValidTimeScale,
  untrackedWork,
  type WorldClock,
} from './world-clock.ts';

export interface WallClockOptions {
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
  /** Where errors of timer callbacks go. @default - written to stderr */
  readonly onError?: (error: unknown, label: string) => void;
}

/** A wall clock: world time runs `timeScale` times faster than real time. */
export interface WallClock extends WorldClock {
  readonly kind: 'wall';
  readonly timeScale: number;
}

/**
 * The clock of `greenlight serve`: scaled real time, so people and the AWS CLI can pace the
 * world by hand. Nothing is tracked: real time passes whatever the world is doing.
 */
export function createWallClock(options: WallClockOptions): WallClock {
  assertValidTimeScale(options.timeScale);
  const { timeScale } = options;
  const realNow = options.realNow ?? Date.now;
  const realStartMs = realNow();
  const worldStartMs = options.startMs ?? realStartMs;
  const toRealMs = (worldMs: number): number => worldMs / timeScale;
  let nextId = 1;

  const onError =
    options.onError ??
    ((error: unknown, label: string) => console.error(`world clock: ${label} failed:`, error));
  const run = (label: string, fn: () => unknown): void => {
    try {
      void Promise.resolve(fn()).catch((error: unknown) => onError(error, label));
    } catch (error) {
      onError(error, label);
    }
  };
  const setTimeoutOnClock = (worldMs: number, fn: () => unknown): (() => void) => {
    assertValidDuration('timeout', worldMs);
    const timer = setTimeout(() => run('a timer callback', fn), toRealMs(worldMs));
    return () => clearTimeout(timer);
  };
  const sleep = (worldMs: number, signal?: AbortSignal): Promise<void> => {
    assertValidDuration('sleep duration', worldMs);
    return abortableSleep((resolve) => setTimeoutOnClock(worldMs, resolve), signal);
  };
  const clock: WallClock = {
    kind: 'wall',
    timeScale,
    nowMs: () => worldStartMs + (realNow() - realStartMs) * timeScale,
    sleep,
    setTimeout: setTimeoutOnClock,
    setInterval(worldMs, fn, intervalOptions = {}) {
      assertValidInterval(worldMs);
      // Node clamps real intervals below 1 ms to 1 ms: at extreme time scales ticks come less often than asked.
      const timer = setInterval(() => run('an interval', fn), toRealMs(worldMs));
      if (intervalOptions.background) timer.unref();
      return () => clearInterval(timer);
    },
    track: (_label, work) => work(),
    beginWork: () => untrackedWork(clock, `w${nextId++}`),
    joinWork: (id) => untrackedWork(clock, id ?? `w${nextId++}`),
  };
  return clock;
}

import { AsyncLocalStorage } from 'node:async_hooks';
import { type Timer, TimerQueue } from './timer-queue.ts';
import { WorkLedger } from './work-ledger.ts';
import {
  abortableSleep,
  assertValidDuration,
  assertValidInterval,
  assertValidTimeScale,
  type WorkUnit,
  type WorldClock,
} from './world-clock.ts';

/**
 * A fixed start, so a run is the same whatever day it runs: Tuesday 2026-01-06 10:00 UTC, inside
 * every shipped deployment window for minor releases.
 */
export const defaultVirtualStartMs = Date.parse('2026-01-06T10:00:00.000Z');

export interface VirtualClockOptions {
  /** @default defaultVirtualStartMs, or the real date when paced */
  readonly startMs?: number;
  /** Where errors of timer callbacks go. @default - written to stderr */
  readonly onError?: (error: unknown, label: string) => void;
  /**
   * Real seconds without any progress while work is in flight before the clock says what it is
   * waiting for on stderr (a hung socket, a query that never returns).
   * @default 30
   */
  readonly stuckAfterRealSeconds?: number;
  /**
   * Paces world time to real time for people and the AWS CLI (`serve`): at most this many world
   * ms per real ms, and while nothing is in flight world time flows with the wall clock. Timers
   * still fire only when no work is in flight, and time stands still while work runs, so a busy
   * machine slows the world down instead of timing its requests out or inflating their latency.
   * Schedules keep running when nothing else is left: a served world never idles.
   * @default - unpaced: time jumps from event to event
   */
  readonly pace?: number;
}

/** What the virtual clock has done, for the bench and the "stuck" diagnostic. */
export interface VirtualClockStats {
  readonly timersFired: number;
  readonly pendingTimers: number;
  readonly runnableWork: number;
}

export interface VirtualClock extends WorldClock {
  readonly kind: 'virtual';
  /**
   * Resolves at the first instant, with no work in flight, where `predicate` holds, before time
   * moves on. Rejects when the world falls idle (no work, no timer) without it, or when
   * `withinWorldMs` passes first.
   */
  until(predicate: () => boolean, what: string, options?: { withinWorldMs?: number }): Promise<void>;
  /**
   * Runs `action` at the first quiet instant where `predicate` holds; time stays there until it
   * settles, so the action must not itself wait for world time to pass.
   */
  at<T>(predicate: () => boolean, what: string, action: () => T | Promise<T>): Promise<T>;
  stats(): VirtualClockStats;
  /** Stops the clock: no timer fires again. */
  close(): void;
}

interface Waiter {
  readonly predicate: () => boolean;
  readonly what: string;
  readonly deadlineMs: number;
  readonly resolve: () => Promise<void> | void;
  readonly reject: (error: Error) => void;
}

/**
 * The discrete-event clock of simulate, demo, the tests and the bench. World time stands still
 * while any work is in flight (requests, handler calls, SQL, the runtime's transitions); once
 * all is quiet it jumps to the next due timer and fires it. Sockets, the SQL engine, the ASL and
 * the handlers stay real: virtual time replaces waiting, not work.
 *
 * Determinism: timers fire one at a time, in (due, armed) order, and the clock waits for the
 * work each one starts before the next (work tracks itself: see WorkLedger); only wake-ups of parked work due at the same instant
 * fire together, since their order cannot change an outcome. "Quiet" is checked twice, one
 * event-loop turn apart, so a library's own turn between two tracked calls is not mistaken
 * for the end of the work.
 */
export function createVirtualClock(options: VirtualClockOptions = {}): VirtualClock {
  // A paced world is watched by people: it starts at the real date. An unpaced one starts at a
  // fixed date, so a run is the same whatever day it runs.
  let nowMs = options.startMs ?? (options.pace === undefined ? defaultVirtualStartMs : Date.now());
  const { pace } = options;
  if (pace !== undefined) assertValidTimeScale(pace);
  const realStartMs = performance.now();
  const worldStartMs = nowMs;
  /** With pacing, how far world time may have gone by now. */
  const allowedMs = (): number =>
    pace === undefined ? Number.POSITIVE_INFINITY : worldStartMs + (performance.now() - realStartMs) * pace;
  /**
   * Paced: whether world time flows with real time now. Only while a step has found the world
   * quiet; while work runs or timers fire it stands still.
   */
  let flowing = false;
  let pacedWait: NodeJS.Timeout | undefined;
  let seq = 0;
  let timersFired = 0;
  let closed = false;
  let loopScheduled = false;
  let seenGeneration = -1;
  const queue = new TimerQueue();
  const waiters = new Set<Waiter>();
  const onError =
    options.onError ??
    ((error: unknown, label: string) => console.error(`world clock: ${label} failed:`, error));
  const ledger = new WorkLedger(
    () => scheduleStep(),
    () => {
      nowMs = now(); // the work starts at the time it arrives; time stands still from here
      flowing = false;
    },
  );
  /** The unit whose work is running: units begun inside it are its children. */
  const current = new AsyncLocalStorage<string>();
  const parkedWakeGroup = Symbol('parked wake-ups');
  const groupOf = new WeakMap<Timer, symbol>();

  const scheduleStep = (): void => {
    if (loopScheduled || closed) return;
    loopScheduled = true;
    // Outside any unit's context: timers fired from here belong to no one's work.
    current.exit(() => setImmediate(step));
  };

  const runTracked = <T>(label: string, work: () => T | Promise<T>): Promise<T> => {
    const id = ledger.begin(label, current.getStore());
    let result: Promise<T>;
    try {
      result = Promise.resolve(current.run(id, work));
    } catch (error) {
      result = Promise.reject(error);
    }
    return result.finally(() => ledger.leave(id));
  };

  /**
   * A timer callback is not work in itself: what it starts is (requests, SQL, handler calls
   * track themselves). Tracking the callback would hold time still while it waits for time.
   */
  const fire = (timer: Timer): void => {
    timersFired += 1;
    try {
      const result = timer.fire();
      if (result instanceof Promise) result.catch((error: unknown) => onError(error, 'a timer callback'));
    } catch (error) {
      onError(error, 'a timer callback');
    }
  };

  /** Settles waiters whose predicate holds now; true when one of them runs an action. */
  const settleWaiters = (idle: boolean): void => {
    for (const waiter of [...waiters]) {
      if (waiter.predicate()) {
        waiters.delete(waiter);
        void runTracked(`until ${waiter.what}`, waiter.resolve);
      } else if (idle) {
        waiters.delete(waiter);
        waiter.reject(new Error(`the world fell idle (no work, no timer) before ${waiter.what}`));
      }
    }
  };

  function step(): void {
    loopScheduled = false;
    if (closed || ledger.runnable > 0) return;
    if (ledger.generation !== seenGeneration) {
      // Quiet now, but something changed since the last look: give it one more turn.
      seenGeneration = ledger.generation;
      scheduleStep();
      return;
    }
    // Confirmed quiet: from here a paced world's time flows with real time.
    flowing = pace !== undefined;
    // Only schedules left (health checks, alarm evaluation): nothing would ever happen again.
    const idle = pace === undefined && queue.foreground === 0;
    settleWaiters(idle);
    if (ledger.runnable > 0 || ledger.generation !== seenGeneration) {
      scheduleStep();
      return;
    }
    const next = queue.peek();
    if (idle || next === undefined) return; // a new timer or new work restarts the loop
    const allowed = allowedMs();
    if (pace !== undefined && next.dueMs > allowed) {
      // Paced: wait in real time until the next timer is due; new work or timers look again sooner.
      clearTimeout(pacedWait);
      pacedWait = current.exit(() => setTimeout(scheduleStep, Math.max(1, (next.dueMs - allowed) / pace)));
      return;
    }
    for (const waiter of [...waiters]) {
      if (next.dueMs > waiter.deadlineMs) {
        waiters.delete(waiter);
        waiter.reject(
          new Error(
            `${waiter.what} did not happen within the world time allowed (until ${iso(waiter.deadlineMs)})`,
          ),
        );
      }
    }
    const first = queue.take() as Timer;
    nowMs = Math.max(nowMs, first.dueMs);
    flowing = false; // the timer fires at its due time, and what it starts sees that time
    const batch = [first];
    const group = groupOf.get(first);
    while (group !== undefined) {
      const following = queue.peek();
      if (following === undefined || following.dueMs !== first.dueMs || groupOf.get(following) !== group)
        break;
      batch.push(queue.take() as Timer);
    }
    for (const timer of batch) {
      if (timer.everyMs === null) timer.cancelled = true;
      else {
        timer.dueMs += timer.everyMs;
        queue.push(timer);
      }
      fire(timer);
    }
    seenGeneration = -1;
    scheduleStep();
  }

  /**
   * World time now. Paced and quiet, it flows with real time (at the pace) up to the next due
   * timer. While work runs it stands still: a request's world latency is what it waited on the
   * clock, never how long a busy machine took to run it.
   */
  const now = (): number =>
    flowing ? Math.max(nowMs, Math.min(allowedMs(), queue.peek()?.dueMs ?? Number.POSITIVE_INFINITY)) : nowMs;

  const arm = (
    worldMs: number,
    everyMs: number | null,
    fn: () => unknown,
    { group, background = false }: { group?: symbol; background?: boolean } = {},
  ): (() => void) => {
    const timer: Timer = {
      seq: seq++,
      dueMs: now() + worldMs,
      everyMs,
      fire: fn,
      background,
      cancelled: false,
    };
    if (group !== undefined) groupOf.set(timer, group);
    queue.push(timer);
    ledger.generation += 1;
    scheduleStep();
    return () => queue.cancel(timer);
  };

  const sleep = (worldMs: number, signal?: AbortSignal, group?: symbol): Promise<void> => {
    assertValidDuration('sleep duration', worldMs);
    return abortableSleep(
      (resolve) => arm(worldMs, null, resolve, group === undefined ? {} : { group }),
      signal,
    );
  };

  const unit = (id: string): WorkUnit => {
    let ended = false;
    return {
      id,
      async sleep(worldMs, signal) {
        if (worldMs === 0 && !signal?.aborted) return; // no time to wait: no reason to let time pass
        ledger.park(id);
        try {
          await sleep(worldMs, signal, parkedWakeGroup);
        } finally {
          ledger.unpark(id);
        }
      },
      end() {
        if (ended) return;
        ended = true;
        ledger.leave(id);
      },
    };
  };

  startStuckWatch(ledger, options.stuckAfterRealSeconds ?? 30, () => closed);

  return {
    kind: 'virtual',
    nowMs: now,
    sleep: (worldMs, signal) => sleep(worldMs, signal),
    setTimeout(worldMs, fn) {
      assertValidDuration('timeout', worldMs);
      return arm(worldMs, null, fn);
    },
    setInterval(worldMs, fn, intervalOptions = {}) {
      assertValidInterval(worldMs);
      return arm(worldMs, worldMs, fn, { background: intervalOptions.background === true });
    },
    track: (label, work) => runTracked(label, work),
    beginWork: (label) => unit(ledger.begin(label, current.getStore())),
    joinWork(id, label) {
      if (id !== undefined && ledger.join(id)) return unit(id);
      return unit(ledger.begin(label));
    },
    until(predicate, what, untilOptions = {}) {
      return new Promise<void>((resolve, reject) => {
        waiters.add({
          predicate,
          what,
          deadlineMs: now() + (untilOptions.withinWorldMs ?? Number.POSITIVE_INFINITY),
          resolve,
          reject,
        });
        ledger.generation += 1;
        scheduleStep();
      });
    },
    at(predicate, what, action) {
      return new Promise((resolve, reject) => {
        waiters.add({
          predicate,
          what,
          deadlineMs: Number.POSITIVE_INFINITY,
          resolve: () => Promise.resolve().then(action).then(resolve, reject),
          reject,
        });
        ledger.generation += 1;
        scheduleStep();
      });
    },
    stats: () => ({ timersFired, pendingTimers: queue.size, runnableWork: ledger.runnable }),
    close() {
      closed = true;
      clearTimeout(pacedWait);
      for (const waiter of waiters) waiter.reject(new Error(`the world closed before ${waiter.what}`));
      waiters.clear();
    },
  };
}

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * A real-time watch, never a cause of any outcome: if work has been in flight with no progress
 * for a long time, something untracked is holding the world (a socket that never answers), and
 * saying what beats a silent hang.
 */
function startStuckWatch(ledger: WorkLedger, afterSeconds: number, isClosed: () => boolean): void {
  let lastGeneration = ledger.generation;
  let quietChecks = 0;
  const everyMs = 5_000;
  const timer = setInterval(() => {
    if (isClosed()) {
      clearInterval(timer);
      return;
    }
    if (ledger.runnable === 0 || ledger.generation !== lastGeneration) {
      lastGeneration = ledger.generation;
      quietChecks = 0;
      return;
    }
    quietChecks += 1;
    if (quietChecks * everyMs >= afterSeconds * 1000) {
      quietChecks = 0;
      process.stderr.write(
        `world clock: no progress for ${afterSeconds} s of real time; waiting on ${ledger.runnable} piece(s) of work: ${ledger.runnableLabels().join(', ')}\n`,
      );
    }
  }, everyMs);
  timer.unref();
}

/** A `Retry` rule of a Task state, as the ASL writes it. */
export interface Retrier {
  readonly ErrorEquals: readonly string[];
  readonly IntervalSeconds?: number;
  readonly MaxAttempts?: number;
  readonly BackoffRate?: number;
  readonly MaxDelaySeconds?: number;
  readonly JitterStrategy?: 'FULL' | 'NONE';
}

/** What Step Functions does after a Task attempt failed with `errorName`. */
export type RetryDecision =
  | { readonly retry: false }
  | { readonly retry: true; readonly retrierIndex: number; readonly delayMs: number };

/**
 * Step Functions' retry rule, as the States Language documents it:
 * - the first retrier whose `ErrorEquals` names the error, `States.ALL`, or `States.TaskFailed`
 *   (which matches any error of a Task except `States.Timeout`) decides;
 * - it retries while its attempts so far are fewer than `MaxAttempts` (default 3);
 * - the n-th retry (0-based) waits `IntervalSeconds` (default 1) × `BackoffRate` (default 2)^n,
 *   capped by `MaxDelaySeconds`; `JitterStrategy: FULL` waits a uniform share of that.
 *
 * `attempts` holds each retrier's count of retries so far and is updated when one is granted.
 * `random` returns a number in [0, 1); the runtime seeds it per execution, so runs repeat.
 *
 * @example decideRetry([{ ErrorEquals: ['ThrottlingError'], IntervalSeconds: 2 }], 'ThrottlingError', [1], Math.random)
 *   // { retry: true, retrierIndex: 0, delayMs: 4000 }
 */
export function decideRetry(
  retriers: readonly Retrier[],
  errorName: string,
  attempts: number[],
  random: () => number,
): RetryDecision {
  for (const [index, retrier] of retriers.entries()) {
    if (!matchesError(retrier.ErrorEquals, errorName)) continue;
    const done = attempts[index] ?? 0;
    if (done >= (retrier.MaxAttempts ?? 3)) return { retry: false };
    attempts[index] = done + 1;
    const intervalMs = (retrier.IntervalSeconds ?? 1) * 1000 * (retrier.BackoffRate ?? 2) ** done;
    const cappedMs =
      retrier.MaxDelaySeconds === undefined
        ? intervalMs
        : Math.min(intervalMs, retrier.MaxDelaySeconds * 1000);
    const delayMs = retrier.JitterStrategy === 'FULL' ? Math.floor(random() * cappedMs) : cappedMs;
    return { retry: true, retrierIndex: index, delayMs };
  }
  return { retry: false };
}

/** Whether an `ErrorEquals` list matches a Task's error (`States.TaskFailed` never matches a timeout). */
export function matchesError(errorEquals: readonly string[], errorName: string): boolean {
  return errorEquals.some(
    (name) =>
      name === errorName ||
      name === 'States.ALL' ||
      (name === 'States.TaskFailed' &&
        errorName !== 'States.Timeout' &&
        errorName !== 'States.HeartbeatTimeout'),
  );
}

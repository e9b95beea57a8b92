/**
 * Bounded polling for the ASL loops that still wait on AWS by polling: the approved snapshot
 * restore and the DR drill's restore (AWS publishes no event for their renames). Backup and
 * DeployGreen wait for events instead (src/handlers/awaited-work.ts). The loop is
 * `Check → Choice → Wait(SecondsPath) → Check`;
 * this decides, after a check that said "not ready yet", whether to wait again or give up.
 *
 * The interval is constant (no exponential backoff): the checks are cheap Describe calls,
 * the loop is bounded by `maxWaitSeconds / pollSeconds` iterations either way, and a fixed
 * interval keeps the number of state transitions predictable.
 */
import { ConfigError, InvalidRequestError } from '../errors.ts';
import { formatDuration, plural } from './format.ts';

export interface PollInput {
  /** Waits already done in this loop; 0 on the first check. */
  readonly attempts: number;
  /** Seconds between checks (`backup.pollSeconds`). */
  readonly pollSeconds: number;
  /** The bound on the total wait (e.g. `rollback.restoreMaxWaitSeconds`). */
  readonly maxWaitSeconds: number;
  /** What is awaited, for the reason, e.g. `snapshot shop-dep-1`. @default 'the resource' */
  readonly subject?: string;
}

export interface PollDecision {
  action: 'wait' | 'give-up';
  /** The count to pass back as `attempts` on the next check: one more when waiting. */
  attempts: number;
  /** Seconds for the Wait state: `pollSeconds`, cut so the total never overshoots the bound; 0 when giving up. */
  waitSeconds: number;
  reason: string;
}

/**
 * Waits again while attempts × pollSeconds < maxWaitSeconds, otherwise gives up.
 *
 * @example pollSeconds 30, maxWaitSeconds 100:
 * attempts 0 → wait 30 s (attempts 1); 1 → wait 30 s; 2 → wait 30 s; 3 → waited 90 s, wait the last 10 s;
 * 4 → 120 s ≥ 100 s, give up.
 *
 * @throws InvalidRequestError when `attempts` is not a whole number ≥ 0 (a broken loop input).
 * @throws ConfigError when `pollSeconds` or `maxWaitSeconds` is not a positive number.
 */
export function decidePoll(input: PollInput): PollDecision {
  const { attempts, pollSeconds, maxWaitSeconds } = input;
  const subject = input.subject ?? 'the resource';
  if (!Number.isInteger(attempts) || attempts < 0) {
    throw new InvalidRequestError(`poll attempts ${attempts} is not a whole number of 0 or more`, [
      `attempts: ${attempts}`,
    ]);
  }
  if (!(pollSeconds > 0) || !(maxWaitSeconds > 0)) {
    throw new ConfigError(
      `polling needs pollSeconds and maxWaitSeconds above 0; got pollSeconds ${pollSeconds}, maxWaitSeconds ${maxWaitSeconds}`,
    );
  }
  const waitedSeconds = attempts * pollSeconds;
  // The last wait is cut to the bound, so the time really waited never exceeds it.
  const progress = `${seconds(Math.min(waitedSeconds, maxWaitSeconds))} of the ${seconds(maxWaitSeconds)} limit (${plural(attempts, 'wait')} of ${pollSeconds} s)`;
  if (waitedSeconds >= maxWaitSeconds) {
    return {
      action: 'give-up',
      attempts,
      waitSeconds: 0,
      reason: `gave up on ${subject}: still not ready after waiting ${progress}`,
    };
  }
  const waitSeconds = Math.min(pollSeconds, maxWaitSeconds - waitedSeconds);
  return {
    action: 'wait',
    attempts: attempts + 1,
    waitSeconds,
    reason: `${subject} is not ready after ${progress}; checking again in ${seconds(waitSeconds)}`,
  };
}

/** `90 s`, or `900 s (15 min)` once the plain seconds get hard to read. */
function seconds(value: number): string {
  return value >= 120 ? `${value} s (${formatDuration(value)})` : `${value} s`;
}

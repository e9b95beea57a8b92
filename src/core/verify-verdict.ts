/**
 * The verify verdict: after each bake, is green good enough to take more traffic?
 * Pure: the Verify handler reads the metrics and alarms, this decides.
 */
import type { FiringAlarm } from '../ports/alarms.ts';
import type { TargetGroupStats } from '../ports/metrics.ts';
import type { VerifyThresholds } from '../schema/config.ts';
import { formatAgainst, formatNumber, plural } from './format.ts';

export interface VerifyInput {
  /** The new version, over the bake window. */
  readonly green: TargetGroupStats;
  /** The old version over the same window; null on the first deployment (there is no blue). */
  readonly blue: TargetGroupStats | null;
  readonly thresholds: VerifyThresholds;
  /** Alarms on green's target group that are in ALARM now. */
  readonly firingAlarms: readonly FiringAlarm[];
}

/** The checks in the order they are evaluated (and listed). */
export type VerifyCheckName =
  | 'alarms'
  | 'health-checks'
  | 'sample-size'
  | 'error-rate'
  | 'error-rate-increase'
  | 'latency-increase'
  | 'p95-ceiling';

export interface VerifyCheck {
  name: VerifyCheckName;
  passed: boolean;
  /** Readable, with the numbers; checks that could not be judged start with `not judged:`. */
  detail: string;
}

export interface VerifyVerdict {
  decision: 'pass' | 'rollback';
  /** The failed checks' details joined by `; `, or a summary with the key numbers when all passed. */
  reason: string;
  /** True when green served fewer than `minRequests`: the rate checks were not judged. */
  inconclusive: boolean;
  checks: VerifyCheck[];
}

/**
 * Values within this distance of a limit count as at the limit, so that floating-point
 * noise (7.1 − 2.1 = 4.999…) never decides a rollback. Exactly at a limit passes.
 */
const epsilon = 1e-9;
const exceeds = (value: number, limit: number): boolean => value - limit > epsilon;

/** 5xx responses as a percentage of requests (0–100); 0 when there were no requests. */
export function errorRatePercent(stats: TargetGroupStats): number {
  return stats.requests > 0 ? (stats.errors5xx * 100) / stats.requests : 0;
}

/** How many of the latest periods in a row had unhealthy hosts: `[0, 2, 0, 1, 1]` → 2. */
export function trailingUnhealthyRun(series: readonly number[]): number {
  let run = 0;
  for (let i = series.length - 1; i >= 0 && (series[i] ?? 0) !== 0; i--) run++;
  return run;
}

/** Blue's stats when there is something to compare with: it exists and served requests. */
function baselineOf(blue: TargetGroupStats | null): { stats: TargetGroupStats | null; missing: string } {
  if (blue === null) return { stats: null, missing: 'no blue to compare with (first deployment)' };
  if (blue.requests <= 0)
    return { stats: null, missing: 'blue served no requests in the window (first deployment?)' };
  return { stats: blue, missing: '' };
}

const pct = (value: number, limit: number): string => `${formatAgainst(value, limit)}%`;

/**
 * Decides `pass` or `rollback` after a bake. Every check is evaluated and listed, in this
 * order; any failed check rolls back:
 *
 * 1. `alarms`: any alarm on green firing.
 * 2. `health-checks`: the trailing run of non-zero `unhealthyHostSeries` entries is at least
 *    `consecutiveHealthCheckFailures` (seed 000 §6.1: 3 consecutive failures).
 * 3. `sample-size`: fewer than `minRequests` green requests makes the window inconclusive;
 *    `onInsufficientData` decides (`rollback` fails the check, `proceed` passes it), and the
 *    rate and latency checks below are listed as `not judged` (a handful of requests is noise).
 * 4. `error-rate`: errorRate% = errors5xx × 100 / requests, above `maxErrorRatePercent`
 *    (seed 003: 5%).
 * 5. `error-rate-increase`: green errorRate% − blue errorRate%, in percentage points, above
 *    `maxErrorRateIncreasePoints` (seed 000 §6.1: more than 5% increase).
 * 6. `latency-increase`: only when green p95 ≥ `latencyNoiseFloorMs` and blue's p95 is known:
 *    (green p95 − blue p95) × 100 / blue p95 above `maxLatencyIncreasePercent`
 *    (seed 000 §6.1: 300%; seed 003: 50%).
 * 7. `p95-ceiling`: green p95 above `maxP95Ms`.
 *
 * Comparative checks (5, 6) are not judged when blue is null or served no requests.
 * Exactly at a limit passes; just over it fails.
 *
 * @example Worked example with the seed 000 thresholds (`seed000Verify`: 3 failures, +5 points,
 * +300%, 5% ceiling, p95 ceiling 2000 ms, noise floor 20 ms, 50 requests minimum):
 * ```
 * green: 2000 requests, 150 5xx, p95 420 ms, unhealthy [0, 1, 0, 2, 1]
 * blue:  4000 requests,  20 5xx, p95 100 ms
 * health run        = 2 (the last two periods)            → 2 < 3, passes
 * green error rate  = 150 × 100 / 2000 = 7.5%             → 7.5 > 5, fails
 * blue error rate   = 20 × 100 / 4000  = 0.5%
 * increase          = 7.5 − 0.5 = 7 points                → 7 > 5, fails
 * latency increase  = (420 − 100) × 100 / 100 = 320%      → 320 > 300, fails
 * p95 ceiling       = 420 ms                              → 420 ≤ 2000, passes
 * decision: rollback, reason: "green error rate 7.5% (150 5xx of 2000 requests) exceeds the 5%
 * ceiling; green error rate 7.5% is 7 points above blue's 0.5%, over the 5-point limit;
 * green p95 420 ms is 320% above blue's 100 ms, over the 300% limit"
 * ```
 */
export function verifyVerdict(input: VerifyInput): VerifyVerdict {
  const { green, thresholds: t } = input;
  const baseline = baselineOf(input.blue);
  const inconclusive = green.requests < t.minRequests;
  const notJudgedForSample = `not judged: green served only ${plural(green.requests, 'request')}, under the ${t.minRequests} needed`;

  const checks: VerifyCheck[] = [
    alarmsCheck(input.firingAlarms),
    healthCheck(green.unhealthyHostSeries, t.consecutiveHealthCheckFailures),
    sampleCheck(green.requests, t),
    ...(inconclusive
      ? (['error-rate', 'error-rate-increase', 'latency-increase', 'p95-ceiling'] as const).map(
          (name): VerifyCheck => ({ name, passed: true, detail: notJudgedForSample }),
        )
      : [
          errorRateCheck(green, t.maxErrorRatePercent),
          errorRateIncreaseCheck(green, baseline, t.maxErrorRateIncreasePoints),
          latencyIncreaseCheck(green, baseline, t),
          p95CeilingCheck(green, t.maxP95Ms),
        ]),
  ];

  const failed = checks.filter((check) => !check.passed);
  if (failed.length > 0) {
    return {
      decision: 'rollback',
      reason: failed.map((check) => check.detail).join('; '),
      inconclusive,
      checks,
    };
  }
  return {
    decision: 'pass',
    reason: passSummary(input, baseline.stats, inconclusive, checks),
    inconclusive,
    checks,
  };
}

function alarmsCheck(alarms: readonly FiringAlarm[]): VerifyCheck {
  if (alarms.length === 0) return { name: 'alarms', passed: true, detail: 'no alarm on green is firing' };
  const listed = alarms.map((alarm) => `${alarm.name} (${alarm.reason})`).join(', ');
  return {
    name: 'alarms',
    passed: false,
    detail: `${plural(alarms.length, 'alarm')} on green firing: ${listed}`,
  };
}

function healthCheck(series: readonly number[], limit: number): VerifyCheck {
  const run = trailingUnhealthyRun(series);
  const passed = run < limit;
  const runText =
    run === 0
      ? 'no unhealthy hosts in the latest period'
      : `unhealthy hosts in the last ${plural(run, 'period')} in a row`;
  const detail = passed
    ? `green had ${runText}, under the ${limit} consecutive failures that roll back`
    : `green had unhealthy hosts in ${run} consecutive periods, at or over the limit of ${limit} consecutive failures`;
  return { name: 'health-checks', passed, detail };
}

function sampleCheck(requests: number, t: VerifyThresholds): VerifyCheck {
  if (requests >= t.minRequests) {
    return {
      name: 'sample-size',
      passed: true,
      detail: `green served ${requests} requests, at least the ${t.minRequests} needed`,
    };
  }
  const proceed = t.onInsufficientData === 'proceed';
  return {
    name: 'sample-size',
    passed: proceed,
    detail:
      `inconclusive: green served only ${plural(requests, 'request')}, under the ${t.minRequests} needed to judge; ` +
      `${proceed ? 'proceeding' : 'rolling back'} because onInsufficientData is '${t.onInsufficientData}'`,
  };
}

function errorRateCheck(green: TargetGroupStats, maxPercent: number): VerifyCheck {
  const rate = errorRatePercent(green);
  const counts = `(${green.errors5xx} 5xx of ${plural(green.requests, 'request')})`;
  return exceeds(rate, maxPercent)
    ? {
        name: 'error-rate',
        passed: false,
        detail: `green error rate ${pct(rate, maxPercent)} ${counts} exceeds the ${maxPercent}% ceiling`,
      }
    : {
        name: 'error-rate',
        passed: true,
        detail: `green error rate ${pct(rate, maxPercent)} ${counts} is within the ${maxPercent}% ceiling`,
      };
}

function errorRateIncreaseCheck(
  green: TargetGroupStats,
  baseline: { stats: TargetGroupStats | null; missing: string },
  maxPoints: number,
): VerifyCheck {
  if (baseline.stats === null) {
    return { name: 'error-rate-increase', passed: true, detail: `not judged: ${baseline.missing}` };
  }
  const greenRate = errorRatePercent(green);
  const blueRate = errorRatePercent(baseline.stats);
  const increase = greenRate - blueRate;
  const passed = !exceeds(increase, maxPoints);
  const direction = increase >= 0 ? 'above' : 'below';
  const shown = formatAgainst(Math.abs(increase), maxPoints);
  const detail =
    `green error rate ${formatNumber(greenRate)}% is ${shown} points ${direction} blue's ${formatNumber(blueRate)}%, ` +
    `${passed ? 'within' : 'over'} the ${maxPoints}-point limit`;
  return { name: 'error-rate-increase', passed, detail };
}

function latencyIncreaseCheck(
  green: TargetGroupStats,
  baseline: { stats: TargetGroupStats | null; missing: string },
  t: VerifyThresholds,
): VerifyCheck {
  const name = 'latency-increase';
  const greenP95 = green.p95Ms;
  if (greenP95 === null) return { name, passed: true, detail: 'not judged: no green latency data' };
  if (greenP95 < t.latencyNoiseFloorMs) {
    return {
      name,
      passed: true,
      detail: `not judged: green p95 ${formatNumber(greenP95)} ms is under the ${t.latencyNoiseFloorMs} ms noise floor`,
    };
  }
  if (baseline.stats === null) return { name, passed: true, detail: `not judged: ${baseline.missing}` };
  const blueP95 = baseline.stats.p95Ms;
  if (blueP95 === null || blueP95 <= 0)
    return { name, passed: true, detail: 'not judged: blue p95 is unknown' };
  const increase = ((greenP95 - blueP95) * 100) / blueP95;
  const passed = !exceeds(increase, t.maxLatencyIncreasePercent);
  const direction = increase >= 0 ? 'above' : 'below';
  const detail =
    `green p95 ${formatNumber(greenP95)} ms is ${pct(Math.abs(increase), t.maxLatencyIncreasePercent)} ${direction} ` +
    `blue's ${formatNumber(blueP95)} ms, ${passed ? 'within' : 'over'} the ${t.maxLatencyIncreasePercent}% limit`;
  return { name, passed, detail };
}

function p95CeilingCheck(green: TargetGroupStats, maxP95Ms: number): VerifyCheck {
  const p95 = green.p95Ms;
  if (p95 === null) return { name: 'p95-ceiling', passed: true, detail: 'not judged: no green latency data' };
  const shown = formatAgainst(p95, maxP95Ms);
  return exceeds(p95, maxP95Ms)
    ? {
        name: 'p95-ceiling',
        passed: false,
        detail: `green p95 ${shown} ms exceeds the ${maxP95Ms} ms ceiling`,
      }
    : {
        name: 'p95-ceiling',
        passed: true,
        detail: `green p95 ${shown} ms is within the ${maxP95Ms} ms ceiling`,
      };
}

/** The reason when nothing failed: the key numbers, so the audit log shows what "healthy" meant. */
function passSummary(
  input: VerifyInput,
  blue: TargetGroupStats | null,
  inconclusive: boolean,
  checks: readonly VerifyCheck[],
): string {
  const { green, thresholds: t } = input;
  if (inconclusive) {
    return (
      `inconclusive: green served only ${plural(green.requests, 'request')}, under the ${t.minRequests} needed to judge; ` +
      `proceeding because onInsufficientData is 'proceed' (no alarms firing, no ${t.consecutiveHealthCheckFailures} consecutive health-check failures)`
    );
  }
  const latency = (stats: TargetGroupStats): string =>
    stats.p95Ms === null ? 'p95 unknown' : `p95 ${formatNumber(stats.p95Ms)} ms`;
  const greenPart = `green error rate ${formatNumber(errorRatePercent(green))}% over ${plural(green.requests, 'request')}, ${latency(green)}`;
  const bluePart =
    blue === null
      ? 'no blue baseline, comparative checks not judged'
      : `blue error rate ${formatNumber(errorRatePercent(blue))}%, ${latency(blue)}`;
  return `all ${checks.length} checks passed: ${greenPart}; ${bluePart}; no alarms firing`;
}

/**
 * The success criteria: after a bake whose verdict passed the rollback thresholds, has green
 * shown what promotion needs (seed 003: error rate < 0.1%, p95 < 200 ms)? A miss is not a
 * failure of the release, only a lack of proof: it holds the step for another bake and judges
 * again, up to `maxHolds`, or rolls back at once when `onMiss` says so. Pure.
 */
import type { TargetGroupStats } from '../ports/metrics.ts';
import type { SuccessCriteria, VerifyThresholds } from '../schema/config.ts';
import { formatAgainst, formatDuration, formatNumber, plural } from './format.ts';
import { errorRatePercent } from './verify-verdict.ts';

export interface SuccessCriteriaInput {
  /** The new version, over the bake just finished. */
  readonly green: TargetGroupStats;
  readonly criteria: SuccessCriteria;
  /** Too few requests prove nothing: `onInsufficientData` says whether that passes, as for the verdict. */
  readonly thresholds: Pick<VerifyThresholds, 'minRequests' | 'onInsufficientData'>;
  /** Where the plan stands: the step's weight, its bake, and how often it has held already. */
  readonly weightPercent: number;
  readonly bakeSeconds: number;
  readonly holdsSoFar: number;
}

export interface SuccessCriterionCheck {
  readonly name: 'error-rate' | 'p95' | 'sample-size';
  readonly met: boolean;
  readonly detail: string;
}

export interface SuccessCriteriaDecision {
  /** `pass`: take the next step; `hold`: bake this step again; `rollback`: give up on the release. */
  readonly decision: 'pass' | 'hold' | 'rollback';
  readonly reason: string;
  readonly checks: readonly SuccessCriterionCheck[];
}

/** The seed writes "under": a value at the criterion does not meet it (beyond floating-point noise). */
const epsilon = 1e-9;
const under = (value: number, limit: number): boolean => limit - value > epsilon;

/**
 * Judges the criteria and decides what follows.
 *
 * @example seed 003 (0.1%, 200 ms, hold up to 2 bakes), at 10% for 5 minutes:
 * ```
 * green: 4000 requests, 2 5xx (0.05%), p95 180 ms → pass
 * green: 4000 requests, 8 5xx (0.2%),  p95 180 ms → hold (1 of 2), then judged again
 * the same after the second hold                   → rollback
 * ```
 */
export function judgeSuccessCriteria(input: SuccessCriteriaInput): SuccessCriteriaDecision {
  const checks = criteriaChecks(input);
  const missed = checks.filter((check) => !check.met);
  const { criteria, weightPercent, bakeSeconds, holdsSoFar } = input;
  if (missed.length === 0) {
    return { decision: 'pass', reason: `success criteria met: ${joined(checks)}`, checks };
  }
  const what = `success criteria missed at ${weightPercent}%: ${joined(missed)}`;
  if (criteria.onMiss === 'rollback') {
    return { decision: 'rollback', reason: `${what}; successCriteria.onMiss is 'rollback'`, checks };
  }
  if (holdsSoFar >= criteria.maxHolds) {
    return {
      decision: 'rollback',
      reason: `${what}, still, after ${plural(criteria.maxHolds, 'held bake')} (successCriteria.maxHolds)`,
      checks,
    };
  }
  return {
    decision: 'hold',
    reason: `${what}; holding ${weightPercent}% for another ${formatDuration(bakeSeconds)} bake (hold ${holdsSoFar + 1} of ${criteria.maxHolds})`,
    checks,
  };
}

function criteriaChecks(input: SuccessCriteriaInput): SuccessCriterionCheck[] {
  const { green, criteria, thresholds } = input;
  if (green.requests < thresholds.minRequests) {
    const proceed = thresholds.onInsufficientData === 'proceed';
    return [
      {
        name: 'sample-size',
        met: proceed,
        detail:
          `green served only ${plural(green.requests, 'request')}, under the ${thresholds.minRequests} needed to show them` +
          (proceed ? ` (not judged: onInsufficientData is 'proceed')` : ''),
      },
    ];
  }
  const rate = errorRatePercent(green);
  const rateMet = under(rate, criteria.maxErrorRatePercent);
  const p95 = green.p95Ms;
  return [
    {
      name: 'error-rate',
      met: rateMet,
      detail: `error rate ${formatAgainst(rate, criteria.maxErrorRatePercent)}% (${green.errors5xx} 5xx of ${green.requests}) is ${rateMet ? '' : 'not '}under ${criteria.maxErrorRatePercent}%`,
    },
    p95 === null
      ? {
          name: 'p95',
          met: false,
          detail: `no green latency data to show p95 under ${criteria.maxP95Ms} ms`,
        }
      : {
          name: 'p95',
          met: under(p95, criteria.maxP95Ms),
          detail: `p95 ${formatAgainst(p95, criteria.maxP95Ms)} ms is ${under(p95, criteria.maxP95Ms) ? '' : 'not '}under ${formatNumber(criteria.maxP95Ms)} ms`,
        },
  ];
}

const joined = (checks: readonly SuccessCriterionCheck[]): string =>
  checks.map((check) => check.detail).join('; ');

/**
 * Criteria looser than the rollback thresholds mean nothing: a bake that missed them has
 * already rolled back. Such a config is refused where it loads, naming both values.
 */
export function successCriteriaProblems(
  criteria: SuccessCriteria | undefined,
  thresholds: Pick<VerifyThresholds, 'maxErrorRatePercent' | 'maxP95Ms'>,
): string[] {
  if (criteria === undefined) return [];
  const looser = (name: 'maxErrorRatePercent' | 'maxP95Ms') =>
    criteria[name] > thresholds[name]
      ? [
          `successCriteria.${name} ${criteria[name]} is above verify.${name} ${thresholds[name]}: a bake that misses it has already rolled back, ` +
            `so it could never hold or prove anything; set it at most ${thresholds[name]}`,
        ]
      : [];
  return [...looser('maxErrorRatePercent'), ...looser('maxP95Ms')];
}

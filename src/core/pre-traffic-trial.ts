/**
 * The verdict on a pre-traffic trial: is green good enough for its first user? Pure, and made
 * of the rules a bake is judged by, so a release is held to one standard before and after its
 * first shift:
 * - errors: the early verdict's sequential test of green against blue (src/core/early-verdict.ts);
 * - everything else Verify checks: the error-rate ceiling and increase, latency against blue and
 *   the p95 ceiling (src/core/verify-verdict.ts). The trial's latencies are round trips through
 *   the listeners, the same path for both colours.
 * A trial too small to judge never blocks: the bake judges what it could not.
 */
import type { TrialResult, TrialSample } from '../ports/smoke-tester.ts';
import type { VerifyThresholds } from '../schema/config.ts';
import { earlyVerdict } from './early-verdict.ts';
import { formatNumber } from './format.ts';
import { verifyVerdict } from './verify-verdict.ts';

export interface TrialVerdict {
  readonly decision: 'pass' | 'rollback';
  readonly reason: string;
}

const asStats = (sample: TrialSample) => ({
  requests: sample.requests,
  errors5xx: sample.errors,
  p95Ms: sample.p95Ms,
  unhealthyHostSeries: [],
});

export function trialVerdict(result: TrialResult, thresholds: VerifyThresholds): TrialVerdict {
  const { green, blue } = result;
  const errors = earlyVerdict(
    { requests: green.requests, errors: green.errors },
    blue ? { requests: blue.requests, errors: blue.errors } : null,
  );
  const verify = verifyVerdict({
    green: asStats(green),
    blue: blue ? asStats(blue) : null,
    thresholds: { ...thresholds, onInsufficientData: 'proceed' },
    firingAlarms: [],
  });
  const failures = [
    ...(errors.decision === 'rollback' ? [errors.reason] : []),
    ...verify.checks.filter((check) => !check.passed).map((check) => check.detail),
  ];
  const observed = `green ${describe(green)}${blue ? `, blue ${describe(blue)}` : ' (no blue to compare with: no productionUrl)'}`;
  return failures.length > 0
    ? { decision: 'rollback', reason: `pre-traffic trial failed: ${failures.join('; ')} (${observed})` }
    : { decision: 'pass', reason: `pre-traffic trial passed: ${observed}` };
}

const describe = (sample: TrialSample): string =>
  `${sample.errors} errors in ${sample.requests} requests, p95 ${sample.p95Ms === null ? '—' : `${formatNumber(sample.p95Ms)} ms`}`;

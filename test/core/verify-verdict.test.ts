import { describe, expect, it } from 'vitest';
import { seed000Verify, seed003Verify } from '../../src/core/presets.ts';
import {
  errorRatePercent,
  trailingUnhealthyRun,
  type VerifyInput,
  verifyVerdict,
} from '../../src/core/verify-verdict.ts';
import type { TargetGroupStats } from '../../src/ports/metrics.ts';
import type { VerifyThresholds } from '../../src/schema/config.ts';

const stats = (
  requests: number,
  errors5xx: number,
  p95Ms: number | null,
  unhealthyHostSeries: number[] = [0, 0, 0],
): TargetGroupStats => ({
  requests,
  errors5xx,
  p95Ms,
  unhealthyHostSeries,
});

const healthyBlue = stats(4000, 0, 100);

interface Case {
  name: string;
  green: TargetGroupStats;
  blue?: TargetGroupStats | null;
  thresholds?: Partial<VerifyThresholds>;
  alarms?: VerifyInput['firingAlarms'];
  decision: 'pass' | 'rollback';
  failed: string[];
  reasonIncludes: string[];
}

const verdictOf = (c: Case) =>
  verifyVerdict({
    green: c.green,
    blue: c.blue === undefined ? healthyBlue : c.blue,
    thresholds: { ...seed000Verify, ...c.thresholds },
    firingAlarms: c.alarms ?? [],
  });

const cases: Case[] = [
  {
    name: 'healthy green',
    green: stats(2000, 2, 110),
    decision: 'pass',
    failed: [],
    reasonIncludes: ['all 7 checks passed', '0.1%', '2000 requests', '110 ms', '100 ms'],
  },
  {
    name: 'the worked example (seed 000)',
    green: stats(2000, 150, 420, [0, 1, 0, 2, 1]),
    blue: stats(4000, 20, 100),
    decision: 'rollback',
    failed: ['error-rate', 'error-rate-increase', 'latency-increase'],
    reasonIncludes: ['7.5%', '5% ceiling', '7 points', '0.5%', '420 ms', '320%', '300% limit'],
  },
  // error-rate ceiling (seed 003: 5%); blue at 1% keeps the increase under 5 points
  {
    name: 'error rate exactly at the 5% ceiling',
    green: stats(2000, 100, 110),
    blue: stats(4000, 40, 100),
    decision: 'pass',
    failed: [],
    reasonIncludes: ['5%'],
  },
  {
    name: 'error rate just over the 5% ceiling',
    green: stats(2000, 101, 110),
    blue: stats(4000, 40, 100),
    decision: 'rollback',
    failed: ['error-rate'],
    reasonIncludes: ['green error rate 5.05% (101 5xx of 2000 requests) exceeds the 5% ceiling'],
  },
  {
    name: 'error rate that rounds to the ceiling but is over it',
    green: stats(100_000, 5001, 110),
    blue: stats(4000, 40, 100),
    decision: 'rollback',
    failed: ['error-rate'],
    reasonIncludes: ['5.001%', 'exceeds the 5% ceiling'],
  },
  // error-rate increase (seed 000 §6.1: > 5 points); ceiling lifted to isolate the check
  {
    name: 'increase exactly 5 points',
    green: stats(2000, 300, 110),
    blue: stats(4000, 400, 100),
    thresholds: { maxErrorRatePercent: 50 },
    decision: 'pass',
    failed: [],
    reasonIncludes: ['15%', '10%'],
  },
  {
    name: 'increase just over 5 points',
    green: stats(2000, 301, 110),
    blue: stats(4000, 400, 100),
    thresholds: { maxErrorRatePercent: 50 },
    decision: 'rollback',
    failed: ['error-rate-increase'],
    reasonIncludes: ["green error rate 15.05% is 5.05 points above blue's 10%, over the 5-point limit"],
  },
  {
    name: 'increase of 7.1 − 2.1 (floating-point noise around 5)',
    green: stats(2000, 142, 110),
    blue: stats(4000, 84, 100),
    thresholds: { maxErrorRatePercent: 50 },
    decision: 'pass',
    failed: [],
    reasonIncludes: ['7.1%', '2.1%'],
  },
  {
    name: 'green better than blue',
    green: stats(2000, 0, 110),
    blue: stats(4000, 400, 100),
    thresholds: { maxErrorRatePercent: 50 },
    decision: 'pass',
    failed: [],
    reasonIncludes: ['0%', '10%'],
  },
  // latency increase (seed 000: 300%, seed 003: 50%)
  {
    name: 'latency exactly 300% above blue',
    green: stats(2000, 0, 400),
    decision: 'pass',
    failed: [],
    reasonIncludes: ['400 ms', '100 ms'],
  },
  {
    name: 'latency just over 300% above blue',
    green: stats(2000, 0, 401),
    decision: 'rollback',
    failed: ['latency-increase'],
    reasonIncludes: ["green p95 401 ms is 301% above blue's 100 ms, over the 300% limit"],
  },
  {
    name: 'latency exactly 50% above blue (seed 003)',
    green: stats(2000, 0, 150),
    thresholds: seed003Verify,
    decision: 'pass',
    failed: [],
    reasonIncludes: ['150 ms'],
  },
  {
    name: 'latency just over 50% above blue (seed 003)',
    green: stats(2000, 0, 151),
    thresholds: seed003Verify,
    decision: 'rollback',
    failed: ['latency-increase'],
    reasonIncludes: ['151 ms', '51%', '100 ms', '50% limit'],
  },
  {
    name: 'a big relative increase under the noise floor',
    green: stats(2000, 0, 19),
    blue: stats(4000, 0, 1),
    decision: 'pass',
    failed: [],
    reasonIncludes: ['19 ms'],
  },
  {
    name: 'a big relative increase exactly at the noise floor',
    green: stats(2000, 0, 20),
    blue: stats(4000, 0, 4),
    decision: 'rollback',
    failed: ['latency-increase'],
    reasonIncludes: ['20 ms', '400%', '4 ms'],
  },
  // p95 ceiling
  {
    name: 'p95 exactly at the 2000 ms ceiling',
    green: stats(2000, 0, 2000),
    blue: stats(4000, 0, 1000),
    decision: 'pass',
    failed: [],
    reasonIncludes: ['2000 ms'],
  },
  {
    name: 'p95 just over the 2000 ms ceiling',
    green: stats(2000, 0, 2001),
    blue: stats(4000, 0, 1000),
    decision: 'rollback',
    failed: ['p95-ceiling'],
    reasonIncludes: ['green p95 2001 ms exceeds the 2000 ms ceiling'],
  },
  {
    name: 'p95 over the seed 003 500 ms ceiling',
    green: stats(2000, 0, 501),
    blue: stats(4000, 0, 490),
    thresholds: seed003Verify,
    decision: 'rollback',
    failed: ['p95-ceiling'],
    reasonIncludes: ['501 ms', '500 ms ceiling'],
  },
  // health checks (seed 000 §6.1: 3 consecutive failures)
  {
    name: 'two trailing unhealthy periods',
    green: stats(2000, 0, 110, [1, 1, 0, 1, 1]),
    decision: 'pass',
    failed: [],
    reasonIncludes: ['110 ms'],
  },
  {
    name: 'three trailing unhealthy periods',
    green: stats(2000, 0, 110, [0, 1, 2, 1]),
    decision: 'rollback',
    failed: ['health-checks'],
    reasonIncludes: ['3 consecutive periods', 'limit of 3'],
  },
  // alarms
  {
    name: 'a firing alarm',
    green: stats(2000, 0, 110),
    alarms: [{ name: 'shop-green-5xx', reason: 'Threshold Crossed: 3 datapoints were greater than 5' }],
    decision: 'rollback',
    failed: ['alarms'],
    reasonIncludes: ['1 alarm on green firing', 'shop-green-5xx', '3 datapoints were greater than 5'],
  },
  {
    name: 'two firing alarms',
    green: stats(2000, 0, 110),
    alarms: [
      { name: 'a', reason: 'ra' },
      { name: 'b', reason: 'rb' },
    ],
    decision: 'rollback',
    failed: ['alarms'],
    reasonIncludes: ['2 alarms on green firing: a (ra), b (rb)'],
  },
  // first deployment
  {
    name: 'first deployment, healthy green',
    green: stats(2000, 10, 900),
    blue: null,
    decision: 'pass',
    failed: [],
    reasonIncludes: ['0.5%', '900 ms', 'no blue baseline'],
  },
  {
    name: 'first deployment, green over the ceiling',
    green: stats(2000, 120, 110),
    blue: null,
    decision: 'rollback',
    failed: ['error-rate'],
    reasonIncludes: ['6%', '5% ceiling'],
  },
  {
    name: 'blue that served no requests',
    green: stats(2000, 0, 900),
    blue: stats(0, 0, null, []),
    decision: 'pass',
    failed: [],
    reasonIncludes: ['900 ms'],
  },
  // sample size
  {
    name: 'one request under minRequests (rollback on insufficient data)',
    green: stats(49, 49, 5000),
    decision: 'rollback',
    failed: ['sample-size'],
    reasonIncludes: ['inconclusive', '49 requests', '50 needed', "onInsufficientData is 'rollback'"],
  },
  {
    name: 'one request under minRequests (proceed on insufficient data)',
    green: stats(49, 49, 5000),
    thresholds: { onInsufficientData: 'proceed' },
    decision: 'pass',
    failed: [],
    reasonIncludes: ['inconclusive', '49 requests', '50 needed', "onInsufficientData is 'proceed'"],
  },
  {
    name: 'too few requests and a firing alarm (proceed on insufficient data)',
    green: stats(3, 0, 100),
    thresholds: { onInsufficientData: 'proceed' },
    alarms: [{ name: 'shop-green-unhealthy', reason: 'hosts down' }],
    decision: 'rollback',
    failed: ['alarms'],
    reasonIncludes: ['shop-green-unhealthy'],
  },
  {
    name: 'exactly minRequests',
    green: stats(50, 0, 110),
    decision: 'pass',
    failed: [],
    reasonIncludes: ['50 requests'],
  },
  {
    name: 'no requests with minRequests 0',
    green: stats(0, 0, null, []),
    thresholds: { minRequests: 0 },
    decision: 'pass',
    failed: [],
    reasonIncludes: ['0 requests', 'p95 unknown'],
  },
];

describe('Function: verifyVerdict', () => {
  it.each(cases)('decides $decision for $name', (c) => {
    // Act
    const verdict = verdictOf(c);
    // Assess
    expect(verdict.decision).toBe(c.decision);
    expect(verdict.checks.filter((check) => !check.passed).map((check) => check.name)).toEqual(c.failed);
    for (const text of c.reasonIncludes) expect(verdict.reason).toContain(text);
  });

  it.each(cases)('lists all seven checks in order, each with a detail, for $name', (c) => {
    const verdict = verdictOf(c);
    expect(verdict.checks.map((check) => check.name)).toEqual([
      'alarms',
      'health-checks',
      'sample-size',
      'error-rate',
      'error-rate-increase',
      'latency-increase',
      'p95-ceiling',
    ]);
    for (const check of verdict.checks) expect(check.detail.length).toBeGreaterThan(10);
    expect(verdict.reason.length).toBeGreaterThan(10);
  });

  it('joins the failed checks details, in order, as the reason', () => {
    const verdict = verdictOf(cases[1]!);
    const failedDetails = verdict.checks.filter((check) => !check.passed).map((check) => check.detail);
    expect(verdict.reason).toBe(failedDetails.join('; '));
  });

  it.each([
    { blue: null, says: 'no blue to compare with (first deployment)' },
    { blue: stats(0, 0, null, []), says: 'blue served no requests in the window (first deployment?)' },
  ])('does not judge the comparative checks without a baseline ($says)', ({ blue, says }) => {
    const verdict = verdictOf({ ...cases[0]!, blue });
    const comparative = verdict.checks.filter((check) => check.name.endsWith('-increase'));
    expect(comparative).toHaveLength(2);
    for (const check of comparative) {
      expect(check.passed).toBe(true);
      expect(check.detail).toBe(`not judged: ${says}`);
    }
  });

  it.each([
    {
      name: 'green p95 unknown',
      green: stats(2000, 0, null),
      blue: healthyBlue,
      detail: 'not judged: no green latency data',
    },
    {
      name: 'blue p95 unknown',
      green: stats(2000, 0, 300),
      blue: stats(4000, 0, null),
      detail: 'not judged: blue p95 is unknown',
    },
    {
      name: 'green under the noise floor',
      green: stats(2000, 0, 12),
      blue: healthyBlue,
      detail: 'not judged: green p95 12 ms is under the 20 ms noise floor',
    },
  ])('does not judge the latency increase when $name', ({ green, blue, detail }) => {
    const verdict = verifyVerdict({ green, blue, thresholds: seed000Verify, firingAlarms: [] });
    expect(verdict.checks.find((check) => check.name === 'latency-increase')).toEqual({
      name: 'latency-increase',
      passed: true,
      detail,
    });
  });

  it('marks an inconclusive window and leaves the rate checks unjudged', () => {
    // Prepare
    const input: VerifyInput = {
      green: stats(12, 6, 3000),
      blue: healthyBlue,
      thresholds: { ...seed000Verify, onInsufficientData: 'proceed' },
      firingAlarms: [],
    };
    // Act
    const verdict = verifyVerdict(input);
    // Assess
    expect(verdict.inconclusive).toBe(true);
    expect(verdict.decision).toBe('pass');
    const rateChecks = verdict.checks.slice(3);
    expect(
      rateChecks.every(
        (check) => check.passed && check.detail.startsWith('not judged: green served only 12'),
      ),
    ).toBe(true);
  });
});

describe('Function: errorRatePercent', () => {
  it.each([
    { requests: 2000, errors5xx: 150, percent: 7.5 },
    { requests: 140, errors5xx: 7, percent: 5 },
    { requests: 3, errors5xx: 1, percent: 100 / 3 },
    { requests: 0, errors5xx: 0, percent: 0 },
  ])('is $percent for $errors5xx of $requests', ({ requests, errors5xx, percent }) => {
    expect(errorRatePercent(stats(requests, errors5xx, null))).toBe(percent);
  });
});

describe('Function: trailingUnhealthyRun', () => {
  it.each([
    { series: [], run: 0 },
    { series: [0, 0], run: 0 },
    { series: [2, 0, 0], run: 0 },
    { series: [0, 2, 0, 1, 1], run: 2 },
    { series: [1, 1, 1], run: 3 },
    { series: [0, 1, 3, 1, 2], run: 4 },
  ])('is $run for $series', ({ series, run }) => {
    expect(trailingUnhealthyRun(series)).toBe(run);
  });
});

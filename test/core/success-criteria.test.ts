import { describe, expect, it } from 'vitest';
import { judgeSuccessCriteria, type SuccessCriteriaInput } from '../../src/core/success-criteria.ts';
import type { TargetGroupStats } from '../../src/ports/metrics.ts';
import { parseEnvironmentConfig } from '../../src/schema/parse-config.ts';
import { stagingConfig } from '../support/fixtures.ts';

// Seed 003 "Success Criteria": error rate < 0.1%, p95 < 200 ms.
const seed003 = { maxErrorRatePercent: 0.1, maxP95Ms: 200, onMiss: 'hold' as const, maxHolds: 2 };
const stats = (requests: number, errors5xx: number, p95Ms: number | null): TargetGroupStats => ({
  requests,
  errors5xx,
  p95Ms,
  unhealthyHostSeries: [],
});
const input = (green: TargetGroupStats, extra: Partial<SuccessCriteriaInput> = {}): SuccessCriteriaInput => ({
  green,
  criteria: seed003,
  thresholds: { minRequests: 50, onInsufficientData: 'rollback' },
  weightPercent: 10,
  bakeSeconds: 300,
  holdsSoFar: 0,
  ...extra,
});

describe('Function: judgeSuccessCriteria', () => {
  it.each([
    { name: 'both met', green: stats(4000, 2, 180), holds: 0, decision: 'pass' },
    { name: 'no errors, fast', green: stats(100, 0, 12), holds: 0, decision: 'pass' },
    {
      name: 'errors at exactly 0.1% (the seed says under)',
      green: stats(1000, 1, 180),
      holds: 0,
      decision: 'hold',
    },
    { name: 'p95 at exactly 200 ms', green: stats(4000, 0, 200), holds: 0, decision: 'hold' },
    { name: 'p95 just under 200 ms', green: stats(4000, 0, 199.99), holds: 0, decision: 'pass' },
    { name: 'errors 0.2%, first miss', green: stats(4000, 8, 180), holds: 0, decision: 'hold' },
    { name: 'errors 0.2%, second miss', green: stats(4000, 8, 180), holds: 1, decision: 'hold' },
    { name: 'errors 0.2%, after the last hold', green: stats(4000, 8, 180), holds: 2, decision: 'rollback' },
    { name: 'no latency data', green: stats(4000, 0, null), holds: 0, decision: 'hold' },
    { name: 'too few requests to show anything', green: stats(10, 0, 20), holds: 0, decision: 'hold' },
  ] as const)('$name: $decision', ({ green, holds, decision }) => {
    expect(judgeSuccessCriteria(input(green, { holdsSoFar: holds })).decision).toBe(decision);
  });

  it('rolls back at the first miss when onMiss is rollback', () => {
    const judged = judgeSuccessCriteria(
      input(stats(4000, 8, 180), { criteria: { ...seed003, onMiss: 'rollback' } }),
    );
    expect(judged.decision).toBe('rollback');
    expect(judged.reason).toBe(
      "success criteria missed at 10%: error rate 0.2% (8 5xx of 4000) is not under 0.1%; successCriteria.onMiss is 'rollback'",
    );
  });

  it('passes a quiet window when onInsufficientData is proceed, and says it was not judged', () => {
    const judged = judgeSuccessCriteria(
      input(stats(10, 0, 20), { thresholds: { minRequests: 50, onInsufficientData: 'proceed' } }),
    );
    expect(judged.decision).toBe('pass');
    expect(judged.reason).toContain("not judged: onInsufficientData is 'proceed'");
  });

  it('says what it measured, what it holds for, and which hold this is', () => {
    const judged = judgeSuccessCriteria(input(stats(4000, 8, 250), { holdsSoFar: 1 }));
    expect(judged.reason).toBe(
      'success criteria missed at 10%: error rate 0.2% (8 5xx of 4000) is not under 0.1%; p95 250 ms is not under 200 ms; ' +
        'holding 10% for another 5 min bake (hold 2 of 2)',
    );
    expect(judged.checks.map((check) => [check.name, check.met])).toEqual([
      ['error-rate', false],
      ['p95', false],
    ]);
  });

  it('names the hold limit when it gives up', () => {
    const judged = judgeSuccessCriteria(input(stats(4000, 0, 250), { holdsSoFar: 2 }));
    expect(judged.reason).toBe(
      'success criteria missed at 10%: p95 250 ms is not under 200 ms, still, after 2 held bakes (successCriteria.maxHolds)',
    );
  });

  it('says the criteria were met, with the numbers', () => {
    expect(judgeSuccessCriteria(input(stats(4000, 2, 180))).reason).toBe(
      'success criteria met: error rate 0.05% (2 5xx of 4000) is under 0.1%; p95 180 ms is under 200 ms',
    );
  });
});

describe('Config: success criteria looser than the rollback thresholds', () => {
  it('are refused where the config loads, naming both values', () => {
    const config = stagingConfig({
      verify: { maxErrorRatePercent: 5, maxP95Ms: 2000 },
      successCriteria: { maxErrorRatePercent: 6, maxP95Ms: 200 },
    });
    expect(() => parseEnvironmentConfig(config, 'staging')).toThrow(
      'successCriteria.maxErrorRatePercent 6 is above verify.maxErrorRatePercent 5: a bake that misses it has already rolled back, so it could never hold or prove anything; set it at most 5',
    );
  });

  it('refuses an onMiss it does not know, naming the choices', () => {
    const config = {
      ...stagingConfig(),
      successCriteria: { maxErrorRatePercent: 0.1, maxP95Ms: 200, onMiss: 'wait' },
    };
    expect(() => parseEnvironmentConfig(config, 'staging')).toThrow(
      /successCriteria\.onMiss: .*"hold"\|"rollback"/,
    );
  });
});

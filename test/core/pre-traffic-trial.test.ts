import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { trialVerdict } from '../../src/core/pre-traffic-trial.ts';
import { seed003Verify } from '../../src/core/presets.ts';
import type { TrialSample } from '../../src/ports/smoke-tester.ts';
import { maxTrialSeconds, preTrafficTrialSchema } from '../../src/schema/config.ts';

const sample = (requests: number, errors: number, p95Ms: number | null): TrialSample => ({
  requests,
  errors,
  p95Ms,
});
const healthyBlue = sample(600, 0, 20);

describe('Function: trialVerdict', () => {
  it.each([
    // name, green, blue, decision, reason fragment
    ['a healthy green', sample(600, 0, 21), healthyBlue, 'pass', 'pre-traffic trial passed'],
    ['20% errors', sample(600, 120, 20), healthyBlue, 'rollback', 'early verdict: 120 errors in 600'],
    ['2% errors', sample(600, 12, 20), healthyBlue, 'rollback', 'early verdict: 12 errors in 600'],
    ['one error in 600', sample(600, 1, 20), healthyBlue, 'pass', 'passed'],
    ['+400 ms', sample(600, 0, 420), healthyBlue, 'rollback', 'green p95 420 ms'],
    ['errors blue shares', sample(600, 12, 20), sample(600, 12, 20), 'pass', 'passed'],
    ['nothing answered', sample(600, 600, null), healthyBlue, 'rollback', '600 errors in 600 requests'],
    ['a first deployment, healthy', sample(600, 0, 30), null, 'pass', 'no blue to compare with'],
    ['a first deployment, 20% errors', sample(600, 120, 30), null, 'rollback', 'early verdict'],
  ] as const)('%s → %s', (_name, green, blue, decision, fragment) => {
    // Act
    const verdict = trialVerdict({ green, blue, seconds: 30 }, seed003Verify);
    // Assess
    expect(verdict.decision).toBe(decision);
    expect(verdict.reason).toContain(fragment);
  });

  it('gives both colours’ evidence in the reason', () => {
    const verdict = trialVerdict(
      { green: sample(600, 0, 420), blue: healthyBlue, seconds: 30 },
      seed003Verify,
    );
    expect(verdict.reason).toMatch(
      /^pre-traffic trial failed: .*green p95 420 ms is \d+% above blue's .*\(green 0 errors in 600 requests, p95 420 ms, blue 0 errors in 600 requests, p95 20 ms\)$/,
    );
  });
});

describe('Schema: preTrafficTrialSchema', () => {
  it('defaults to 600 GETs of / at 20 a second: 30 s', () => {
    expect(preTrafficTrialSchema.parse({})).toEqual({ requests: 600, ratePerSecond: 20, paths: ['/'] });
  });

  it.each([
    [{ requests: 0 }, true], // off
    [{ requests: 50 }, false], // too few to judge anything
    [{ requests: 100 }, true],
    [{ requests: 5001, ratePerSecond: 200 }, false],
    [{ requests: 1800, ratePerSecond: 20 }, true], // exactly 90 s
    [{ requests: 1820, ratePerSecond: 20 }, false], // 91 s: longer than VerifyGreen allows
    [{ paths: ['catalog'] }, false],
    [{ productionUrl: 'shop.example.com' }, false],
    [{ productionUrl: 'https://shop.example.com' }, true],
    [{ extra: 1 }, false],
  ])('%j → valid %s', (input, valid) => {
    expect(preTrafficTrialSchema.safeParse(input).success).toBe(valid);
  });

  it('explains a trial that would be too long', () => {
    const result = preTrafficTrialSchema.safeParse({ requests: 3000, ratePerSecond: 20 });
    expect(result.error?.issues[0]?.message).toContain('at most 90');
  });

  it('fits inside VerifyGreen’s task timeout, with room for health checks and smoke tests', () => {
    const asl = JSON.parse(
      readFileSync(new URL('../../statemachines/deploy.asl.json', import.meta.url), 'utf8'),
    );
    expect(asl.States.VerifyGreen.TimeoutSeconds).toBeGreaterThanOrEqual(maxTrialSeconds + 30);
  });
});

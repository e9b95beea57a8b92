import { describe, expect, it } from 'vitest';
import {
  seed000Approvals,
  seed000Verify,
  seed000Windows,
  seed001StandbySeconds,
  seed002ProductionApprovals,
  seed003StandbySeconds,
  seed003TrafficPlan,
  seed003Verify,
} from '../../src/core/presets.ts';
import { estimatePlanSeconds, validateTrafficPlan } from '../../src/core/traffic-plan.ts';
import { environmentConfigSchema, verifyThresholdsSchema } from '../../src/schema/config.ts';

describe('Presets', () => {
  it('form a valid environment config together', () => {
    // Prepare
    const input = {
      environment: 'production',
      trafficPlan: seed003TrafficPlan,
      verify: seed003Verify,
      standbySeconds: seed003StandbySeconds,
      approvals: seed002ProductionApprovals,
      windows: seed000Windows,
      services: {},
    };
    // Act
    const parsed = environmentConfigSchema.safeParse(input);
    // Assess
    expect(parsed.success).toBe(true);
    expect(
      environmentConfigSchema.safeParse({ ...input, approvals: seed000Approvals, verify: seed000Verify })
        .success,
    ).toBe(true);
  });

  it.each([
    { name: 'seed000Verify', thresholds: seed000Verify },
    { name: 'seed003Verify', thresholds: seed003Verify },
  ])('$name sets every threshold explicitly', ({ thresholds }) => {
    expect(Object.keys(thresholds).sort()).toEqual(Object.keys(verifyThresholdsSchema.parse({})).sort());
  });

  it('reproduce the seed numbers', () => {
    expect(seed003TrafficPlan.map((step) => step.weightPercent)).toEqual([10, 50, 100]);
    expect(validateTrafficPlan(seed003TrafficPlan)).toEqual({ ok: true });
    expect(estimatePlanSeconds(seed003TrafficPlan)).toBe(900);
    expect(seed003Verify).toMatchObject({
      maxErrorRatePercent: 5,
      maxLatencyIncreasePercent: 50,
      maxP95Ms: 500,
    });
    expect(seed000Verify).toMatchObject({
      consecutiveHealthCheckFailures: 3,
      maxErrorRateIncreasePoints: 5,
      maxLatencyIncreasePercent: 300,
      maxP95Ms: 2000,
    });
    expect(seed001StandbySeconds).toBe(172_800);
    expect(seed003StandbySeconds).toBe(3600);
    expect(seed000Windows.byReleaseType).toEqual({
      major: 'planned-maintenance',
      minor: 'low-traffic',
      patch: 'anytime',
      hotfix: 'anytime',
    });
    expect(seed002ProductionApprovals.major?.map((a) => a.role)).toEqual([
      'cab',
      'security',
      'compliance',
      'executive',
    ]);
  });

  it('are frozen, so one environment cannot change another', () => {
    expect(() => {
      (seed003TrafficPlan[0] as { weightPercent: number }).weightPercent = 20;
    }).toThrow(TypeError);
    expect(() => seed000Approvals.major?.push({ role: 'x', count: 1 })).toThrow(TypeError);
    expect(structuredClone(seed003TrafficPlan)[0]).toEqual({ weightPercent: 10, bakeSeconds: 300 });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alarmDefinitions } from '../../src/core/alarm-definitions.ts';
import { type LocalWorld, startLocalWorld } from '../../src/local-world/world.ts';

const fields = [
  'AlarmName',
  'AlarmDescription',
  'Metrics',
  'EvaluationPeriods',
  'DatapointsToAlarm',
  'Threshold',
  'ComparisonOperator',
  'TreatMissingData',
] as const;

describe('the twin’s alarms', () => {
  let world: LocalWorld;
  beforeAll(async () => {
    world = await startLocalWorld({
      services: ['shop', 'cart'],
      liveVersion: '1.0.0',
      behaviour: () => ({ latencyMs: 20 }),
      config: { trafficPlan: [{ weightPercent: 100, bakeSeconds: 60 }], standbySeconds: 60 },
    });
  });
  afterAll(() => world.close());

  it('are the deployed definitions for every service, field by field (the CDK side: test/cdk/alarm-definitions.test.ts)', () => {
    // Prepare
    const expected = [...world.services.values()].flatMap((service) =>
      alarmDefinitions({
        service: service.name,
        environment: world.environment,
        binding: service.binding,
        verify: world.config.verify,
        alarms: world.config.alarms,
      }),
    );

    // Act
    const evaluated = world.alarms.describeAlarms().MetricAlarms ?? [];

    // Assess
    expect(world.config.alarms.highResolutionNamespace).toBe('Greenlight/App');
    expect(evaluated.map((alarm) => alarm.AlarmName).sort()).toEqual(expected.map((a) => a.AlarmName).sort());
    for (const definition of expected) {
      const alarm = evaluated.find((candidate) => candidate.AlarmName === definition.AlarmName) as Record<
        string,
        unknown
      >;
      for (const field of fields)
        expect({ field, value: alarm[field] }).toEqual({ field, value: definition[field] });
    }
  });
});

import { describe, expect, it } from 'vitest';
import type { EnvironmentEntry } from '../../lib/config-schema.ts';
import { loadGreenlightConfig } from '../../lib/load-config.ts';
import { alarmDefinitions } from '../../src/core/alarm-definitions.ts';
import { configPath, synthEnvironment } from './synth.ts';

const environments = Object.keys(loadGreenlightConfig(configPath).environments);

/** The fields an alarm is made of, as PutMetricAlarm and CloudFormation name them. */
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

const withHighResolution = (entry: EnvironmentEntry): EnvironmentEntry => ({
  ...entry,
  config: { ...entry.config, alarms: { ...entry.config.alarms, highResolutionNamespace: 'Shop/App' } },
});

describe.each(
  environments.flatMap((environment) => [
    { environment, edit: (entry: EnvironmentEntry) => entry, paths: 'ALB metrics' },
    { environment, edit: withHighResolution, paths: 'ALB and the app’s 10 s metrics' },
  ]),
)('the deployed alarms of $environment ($paths)', ({ environment, edit }) => {
  it('are exactly the shared definitions, field by field: the ones the twin evaluates', () => {
    // Prepare
    const { template } = synthEnvironment(environment, { edit });
    const found = loadGreenlightConfig(configPath).environments[environment];
    if (!found) throw new Error(`no ${environment}`);
    const { config } = edit(found);
    const expected = Object.entries(config.services).flatMap(([service, binding]) =>
      alarmDefinitions({ service, environment, binding, verify: config.verify, alarms: config.alarms }),
    );

    // Act
    // The target-group alarms: the stack's own (undelivered events) are not the twin's to evaluate.
    const deployed = Object.values(template.findResources('AWS::CloudWatch::Alarm'))
      .map((resource) => resource.Properties as Record<string, unknown>)
      .filter((alarm) => String(alarm.AlarmName).startsWith('greenlight.'))
      // Tags are for the bill (cost allocation, test/cdk/cost-tags.test.ts), not the alarm's definition.
      .map(({ Tags: _tags, ...definition }) => definition);

    // Assess: the same alarms, and no other field set (no actions, no stray statistic).
    expect(deployed.map((alarm) => alarm.AlarmName).sort()).toEqual(expected.map((a) => a.AlarmName).sort());
    for (const definition of expected) {
      const alarm = deployed.find((candidate) => candidate.AlarmName === definition.AlarmName);
      expect(Object.keys(alarm ?? {}).sort()).toEqual([...fields].sort());
      for (const field of fields)
        expect({ field, value: alarm?.[field] }).toEqual({ field, value: definition[field] });
    }
  });
});

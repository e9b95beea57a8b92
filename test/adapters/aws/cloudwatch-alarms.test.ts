import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  CloudWatchAlarms,
  serviceIdentityFromTargetGroups,
} from '../../../src/adapters/aws/cloudwatch-alarms.ts';
import { ConfigError } from '../../../src/errors.ts';
import { binding } from './binding-fixture.ts';
import { sdkError, translationCases } from './sdk-error-fixtures.ts';

const cloudWatch = mockClient(CloudWatchClient);
const alarms = () =>
  new CloudWatchAlarms({
    client: new CloudWatchClient({ region: 'eu-west-1' }),
    identify: serviceIdentityFromTargetGroups('production', { shop: binding.targetGroups.blue }),
  });

describe('Class: CloudWatchAlarms', () => {
  beforeEach(() => {
    cloudWatch.reset();
  });

  it('lists the firing alarms of the colour by name prefix', async () => {
    // Prepare
    cloudWatch
      .on(DescribeAlarmsCommand)
      .resolvesOnce({
        MetricAlarms: [
          {
            AlarmName: 'greenlight.shop.production.green.error-rate',
            StateValue: 'ALARM',
            StateReason: 'Threshold Crossed: 1 datapoint [7.2] was greater than the threshold (5.0).',
          },
        ],
        NextToken: 'next',
      })
      .resolvesOnce({
        MetricAlarms: [
          {
            AlarmName: 'greenlight.shop.production.green.unhealthy-hosts',
            StateValue: 'ALARM',
            StateReason: 'Threshold Crossed',
            StateReasonData:
              '{"version":"1.0","startDate":"2026-01-06T10:00:00.000+0000","period":60,"recentDatapoints":[1.0]}',
          },
        ],
      });
    // Act
    const firing = await alarms().firing(binding, 'green');
    // Assess
    expect(firing).toEqual([
      {
        name: 'greenlight.shop.production.green.error-rate',
        reason: 'Threshold Crossed: 1 datapoint [7.2] was greater than the threshold (5.0).',
      },
      {
        name: 'greenlight.shop.production.green.unhealthy-hosts',
        reason: 'Threshold Crossed',
        reasonData:
          '{"version":"1.0","startDate":"2026-01-06T10:00:00.000+0000","period":60,"recentDatapoints":[1.0]}',
      },
    ]);
    const input = cloudWatch.commandCalls(DescribeAlarmsCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      AlarmNamePrefix: 'greenlight.shop.production.green.',
      StateValue: 'ALARM',
      AlarmTypes: ['MetricAlarm'],
    });
  });

  it('throws ConfigError for a binding of an unknown service', async () => {
    // Prepare
    const other = { ...binding, targetGroups: { blue: 'arn:unknown', green: 'arn:unknown-2' } };
    // Act / Assess
    await expect(alarms().firing(other, 'green')).rejects.toBeInstanceOf(ConfigError);
  });

  it.each(translationCases(() => sdkError('ResourceNotFound', 404)))(
    'translates %s',
    async (_label, makeError, expected) => {
      cloudWatch.on(DescribeAlarmsCommand).rejects(makeError());
      await expect(alarms().firing(binding, 'blue')).rejects.toBeInstanceOf(expected);
    },
  );
});

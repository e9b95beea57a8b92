import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { CloudWatchMetrics, statsFromResults } from '../../../src/adapters/aws/cloudwatch-metrics.ts';
import { ConfigError } from '../../../src/errors.ts';
import { binding } from './binding-fixture.ts';
import { sdkError, translationCases } from './sdk-error-fixtures.ts';

const cloudWatch = mockClient(CloudWatchClient);
const metrics = () => new CloudWatchMetrics({ client: new CloudWatchClient({ region: 'eu-west-1' }) });
const window = { startMs: Date.UTC(2026, 0, 8, 22, 0, 30), endMs: Date.UTC(2026, 0, 8, 22, 5, 30) };

describe('Class: CloudWatchMetrics', () => {
  beforeEach(() => {
    cloudWatch.reset();
  });

  it('queries the ALB metrics of the colour with both dimensions', async () => {
    // Prepare
    cloudWatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
    // Act
    await metrics().targetGroupStats(binding, 'green', window);
    // Assess
    const input = cloudWatch.commandCalls(GetMetricDataCommand)[0]?.args[0].input;
    const requests = input?.MetricDataQueries?.find((q) => q.Id === 'requests');
    expect(requests?.MetricStat?.Metric?.Dimensions).toEqual([
      { Name: 'TargetGroup', Value: 'targetgroup/shop-green/943f017f100becff' },
      { Name: 'LoadBalancer', Value: 'app/shop-alb/50dc6c495c0c9188' },
    ]);
    expect(requests?.MetricStat?.Period).toBe(360);
    expect(input?.MetricDataQueries?.find((q) => q.Id === 'p95')?.MetricStat?.Stat).toBe('p95');
    expect(input?.MetricDataQueries?.find((q) => q.Id === 'unhealthy')?.MetricStat?.Period).toBe(60);
    expect(input?.StartTime).toEqual(new Date(Date.UTC(2026, 0, 8, 22, 0, 0)));
  });

  it('folds the results into stats, p95 in ms, following NextToken', async () => {
    // Prepare
    cloudWatch
      .on(GetMetricDataCommand)
      .resolvesOnce({
        MetricDataResults: [
          {
            Id: 'requests',
            Label: 'RequestCount',
            Timestamps: [new Date()],
            Values: [1200],
            StatusCode: 'Complete',
          },
          { Id: 'errors5xx', Values: [12], StatusCode: 'Complete' },
          { Id: 'p95', Values: [0.184], StatusCode: 'Complete' },
          { Id: 'unhealthy', Values: [0, 0, 1], StatusCode: 'PartialData' },
        ],
        NextToken: 'page-2',
      })
      .resolvesOnce({ MetricDataResults: [{ Id: 'unhealthy', Values: [2], StatusCode: 'Complete' }] });
    // Act
    const stats = await metrics().targetGroupStats(binding, 'blue', window);
    // Assess
    expect(stats).toEqual({ requests: 1200, errors5xx: 12, p95Ms: 184, unhealthyHostSeries: [0, 0, 1, 2] });
    expect(cloudWatch.commandCalls(GetMetricDataCommand)[1]?.args[0].input.NextToken).toBe('page-2');
  });

  it('reports no p95 when there were no requests', () => {
    expect(statsFromResults([{ Id: 'p95', Values: [] }]).p95Ms).toBeNull();
  });

  it('throws ConfigError naming a malformed target group ARN', async () => {
    // Prepare
    const bad = { ...binding, targetGroups: { ...binding.targetGroups, green: 'shop-green' } };
    // Act / Assess
    await expect(metrics().targetGroupStats(bad, 'green', window)).rejects.toThrow(ConfigError);
    await expect(metrics().targetGroupStats(bad, 'green', window)).rejects.toThrow('"shop-green"');
  });

  it.each(translationCases(() => sdkError('ResourceNotFoundException', 400)))(
    'translates %s',
    async (_label, makeError, expected) => {
      cloudWatch.on(GetMetricDataCommand).rejects(makeError());
      await expect(metrics().targetGroupStats(binding, 'green', window)).rejects.toBeInstanceOf(expected);
    },
  );
});

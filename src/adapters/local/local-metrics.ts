import type { MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import type { MetricsStore } from '../../local-world/metrics/metrics-store.ts';
import { albMetricNames, albNamespace } from '../../local-world/metrics/metrics-store.ts';
import type { Colour } from '../../ports/colour.ts';
import type { Metrics, TargetGroupStats, TimeWindow } from '../../ports/metrics.ts';
import type { ServiceBinding } from '../../schema/config.ts';

/**
 * The Metrics port over the local metrics store, asked the way the CloudWatch adapter asks
 * CloudWatch: one GetMetricData call with ALB metrics for the colour's target group.
 * Percentiles cannot be merged across periods, so the window's p95 is the request-weighted mean
 * of the per-second p95s (1 s is the store's resolution).
 */
export class LocalMetrics implements Metrics {
  constructor(
    private readonly store: MetricsStore,
    private readonly healthPeriodSeconds: number,
  ) {}

  async targetGroupStats(
    binding: ServiceBinding,
    colour: Colour,
    window: TimeWindow,
  ): Promise<TargetGroupStats> {
    const targetGroup = binding.targetGroups[colour];
    const metric = (id: string, metricName: string, stat: string, period: number): MetricDataQuery => ({
      Id: id,
      MetricStat: {
        Metric: {
          Namespace: albNamespace,
          MetricName: metricName,
          Dimensions: [{ Name: 'TargetGroup', Value: targetGroup }],
        },
        Period: period,
        Stat: stat,
      },
    });
    const result = this.store.getMetricData({
      StartTime: new Date(window.startMs),
      EndTime: new Date(window.endMs),
      ScanBy: 'TimestampAscending',
      MetricDataQueries: [
        metric('requests', albMetricNames.requestCount, 'Sum', 1),
        metric('target5xx', albMetricNames.target5xx, 'Sum', 1),
        metric('elb5xx', albMetricNames.elb5xx, 'Sum', 1),
        metric('p95', albMetricNames.targetResponseTime, 'p95', 1),
        metric('samples', albMetricNames.targetResponseTime, 'SampleCount', 1),
        metric('unhealthy', albMetricNames.unhealthyHostCount, 'Maximum', this.healthPeriodSeconds),
      ],
    });
    const series = (id: string): { timestamps: number[]; values: number[] } => {
      const found = result.MetricDataResults?.find((r) => r.Id === id);
      return { timestamps: (found?.Timestamps ?? []).map((t) => t.getTime()), values: found?.Values ?? [] };
    };
    const sum = (id: string): number => series(id).values.reduce((total, value) => total + value, 0);

    const p95 = series('p95');
    const samples = series('samples');
    const samplesAt = new Map(samples.timestamps.map((t, i) => [t, samples.values[i] ?? 0]));
    let weighted = 0;
    let weight = 0;
    p95.timestamps.forEach((t, i) => {
      const count = samplesAt.get(t) ?? 0;
      weighted += (p95.values[i] ?? 0) * count;
      weight += count;
    });

    return {
      requests: sum('requests'),
      errors5xx: sum('target5xx') + sum('elb5xx'),
      p95Ms: weight > 0 ? (weighted / weight) * 1000 : null,
      unhealthyHostSeries: series('unhealthy').values,
    };
  }
}

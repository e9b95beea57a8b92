import {
  CloudWatchClient,
  GetMetricDataCommand,
  type MetricDataQuery,
  type MetricDataResult,
} from '@aws-sdk/client-cloudwatch';
import { appDimensions, appMetrics, highResolutionPeriodSeconds } from '../../core/alarm-definitions.ts';
import { loadBalancerDimension, targetGroupDimension } from '../../core/arns.ts';
import { InvalidRequestError } from '../../errors.ts';
import type { Colour } from '../../ports/colour.ts';
import type { AppCountsRequest, Metrics, TargetGroupStats, TimeWindow } from '../../ports/metrics.ts';
import type { ServiceBinding } from '../../schema/config.ts';
import type { IamActionsOf } from './iam.ts';
import { callAws } from './sdk-errors.ts';

const minuteMs = 60_000;

/** CloudWatch rounds the start down to the minute; the one-period queries must cover from there. */
const alignedStartMs = (window: TimeWindow): number => Math.floor(window.startMs / minuteMs) * minuteMs;

/**
 * The queries for one target group over one window.
 *
 * Counts and the p95 use ONE period that spans the whole window (rounded up to whole minutes),
 * so CloudWatch computes a true p95 over every request instead of us averaging per-minute
 * percentiles. UnHealthyHostCount uses 60 s periods, because the verdict counts the trailing
 * run of unhealthy minutes.
 */
export function metricQueries(
  binding: ServiceBinding,
  colour: Colour,
  window: TimeWindow,
): MetricDataQuery[] {
  const dimensions = [
    { Name: 'TargetGroup', Value: targetGroupDimension(binding.targetGroups[colour]) },
    { Name: 'LoadBalancer', Value: loadBalancerDimension(binding.listener) },
  ];
  const windowPeriodSeconds = Math.max(1, Math.ceil((window.endMs - alignedStartMs(window)) / minuteMs)) * 60;
  const query = (id: string, metricName: string, stat: string, period: number): MetricDataQuery => ({
    Id: id,
    MetricStat: {
      Metric: { Namespace: 'AWS/ApplicationELB', MetricName: metricName, Dimensions: dimensions },
      Period: period,
      Stat: stat,
    },
    ReturnData: true,
  });
  return [
    query('requests', 'RequestCount', 'Sum', windowPeriodSeconds),
    query('errors5xx', 'HTTPCode_Target_5XX_Count', 'Sum', windowPeriodSeconds),
    query('p95', 'TargetResponseTime', 'p95', windowPeriodSeconds),
    query('unhealthy', 'UnHealthyHostCount', 'Maximum', 60),
  ];
}

/** Folds GetMetricData results into the port's stats. Pure, exported for tests. */
export function statsFromResults(results: readonly MetricDataResult[]): TargetGroupStats {
  const valuesOf = (id: string) =>
    results.filter((result) => result.Id === id).flatMap((result) => result.Values ?? []);
  const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
  const requests = sum(valuesOf('requests'));
  const p95Values = valuesOf('p95');
  // Normally one value; if the window straddled two periods, the worse one is the honest answer.
  const p95Seconds = p95Values.length > 0 ? Math.max(...p95Values) : null;
  return {
    requests,
    errors5xx: sum(valuesOf('errors5xx')),
    p95Ms: requests > 0 && p95Seconds !== null ? p95Seconds * 1000 : null,
    unhealthyHostSeries: valuesOf('unhealthy'),
  };
}

export interface CloudWatchMetricsOptions {
  /** @default a new client */
  readonly client?: CloudWatchClient;
}

/** ALB target group metrics from CloudWatch (namespace AWS/ApplicationELB). */
export class CloudWatchMetrics implements Metrics {
  /** The IAM actions each method calls (src/adapters/aws/iam.ts). */
  static readonly iamActions: IamActionsOf<Metrics> = {
    targetGroupStats: ['cloudwatch:GetMetricData'],
    appCounts: ['cloudwatch:GetMetricData'],
  };

  private readonly client: CloudWatchClient;

  constructor(options: CloudWatchMetricsOptions = {}) {
    this.client = options.client ?? new CloudWatchClient({});
  }

  async targetGroupStats(
    binding: ServiceBinding,
    colour: Colour,
    window: TimeWindow,
  ): Promise<TargetGroupStats> {
    if (!(window.endMs > window.startMs)) {
      throw new InvalidRequestError(
        `metrics window must end after it starts, got ${window.startMs}..${window.endMs}`,
      );
    }
    const results = await this.query(
      metricQueries(binding, colour, window),
      alignedStartMs(window),
      window.endMs,
      {
        resource: binding.targetGroups[colour],
        configHint: `targetGroups.${colour} and listener in the service binding`,
      },
    );
    return statsFromResults(results);
  }

  async appCounts(request: AppCountsRequest): Promise<{ requests: number; errors: number }> {
    const { window } = request;
    const periodMs = highResolutionPeriodSeconds * 1000;
    const startMs = Math.floor(window.startMs / periodMs) * periodMs;
    const dimensions = appDimensions(request.service, request.environment, request.colour);
    const query = (id: string, metricName: string): MetricDataQuery => ({
      Id: id,
      MetricStat: {
        Metric: { Namespace: request.namespace, MetricName: metricName, Dimensions: dimensions },
        Period: highResolutionPeriodSeconds,
        Stat: 'Sum',
      },
      ReturnData: true,
    });
    const results = await this.query(
      [query('requests', appMetrics.requests), query('errors', appMetrics.errors5xx)],
      startMs,
      window.endMs,
      {
        resource: `${request.namespace} ${request.service} ${request.colour}`,
        configHint: 'alarms.highResolutionNamespace',
      },
    );
    const sum = (id: string) =>
      results
        .filter((r) => r.Id === id)
        .flatMap((r) => r.Values ?? [])
        .reduce((total, value) => total + value, 0);
    return { requests: sum('requests'), errors: sum('errors') };
  }

  /** One GetMetricData call, every page of it. */
  private async query(
    queries: MetricDataQuery[],
    startMs: number,
    endMs: number,
    context: { resource: string; configHint: string },
  ): Promise<MetricDataResult[]> {
    const results: MetricDataResult[] = [];
    let nextToken: string | undefined;
    do {
      const response = await callAws({ operation: 'GetMetricData', ...context }, () =>
        this.client.send(
          new GetMetricDataCommand({
            MetricDataQueries: queries,
            StartTime: new Date(startMs),
            EndTime: new Date(endMs),
            ScanBy: 'TimestampAscending',
            NextToken: nextToken,
          }),
        ),
      );
      results.push(...(response.MetricDataResults ?? []));
      nextToken = response.NextToken;
    } while (nextToken);
    return results;
  }
}

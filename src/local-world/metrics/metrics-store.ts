import type {
  Dimension,
  GetMetricDataCommandInput,
  GetMetricDataCommandOutput,
  PutMetricDataCommandInput,
} from '@aws-sdk/client-cloudwatch';
import { InvalidRequestError } from '../../errors.ts';
import type { Clock } from '../../ports/clock.ts';
import { runGetMetricData } from './get-metric-data.ts';
import { addToSeries, createSeries, type Series } from './series.ts';

/** CloudWatch namespace and names of the ALB metrics the store publishes per target group. */
export const albNamespace = 'AWS/ApplicationELB';
export const albMetricNames = {
  requestCount: 'RequestCount',
  target2xx: 'HTTPCode_Target_2XX_Count',
  target3xx: 'HTTPCode_Target_3XX_Count',
  target4xx: 'HTTPCode_Target_4XX_Count',
  target5xx: 'HTTPCode_Target_5XX_Count',
  elb5xx: 'HTTPCode_ELB_5XX_Count',
  targetResponseTime: 'TargetResponseTime',
  healthyHostCount: 'HealthyHostCount',
  unhealthyHostCount: 'UnHealthyHostCount',
} as const;

/** One proxied request, as the router saw it. */
export interface RequestSample {
  /** The TargetGroup dimension value, e.g. `targetgroup/green/0123456789abcdef`. */
  readonly targetGroup: string;
  /** World time at which the response (or the connection error) happened, epoch ms. */
  readonly atMs: number;
  /** HTTP status from the target, or null when the connection to the target failed. */
  readonly status: number | null;
  /** Time to the target's response, ms (ignored for connection errors). */
  readonly latencyMs: number;
}

/** One health-check sweep of a target group. */
export interface HealthSample {
  readonly targetGroup: string;
  readonly atMs: number;
  readonly healthy: number;
  readonly unhealthy: number;
}

export interface MetricsStoreOptions {
  /**
   * How much world time is kept, in seconds. Memory grows with retention × request rate (one
   * number per request for TargetResponseTime): 3 h at 1,000 world rps is about 10.8 M samples.
   * @default 10800 (3 world hours)
   */
  readonly retentionSeconds?: number;
  /**
   * When set, queries for ALB metrics may also carry the `LoadBalancer` dimension with this
   * value (as real alarms on target-group metrics do) and still find the TargetGroup series.
   * @default - only the TargetGroup dimension matches
   */
  readonly loadBalancer?: string;
  /**
   * Supplies the timestamp of putMetricData datums that have none.
   * @default - datums without a Timestamp are rejected
   */
  readonly clock?: Clock;
}

/** A CloudWatch-like metrics store at 1-second world-time resolution. */
export interface MetricsStore {
  /** Records one proxied request. O(1) amortised: called for every request. */
  record(sample: RequestSample): void;
  /** Records the healthy and unhealthy host counts seen at `atMs`. */
  recordHealth(sample: HealthSample): void;
  /** Custom metrics, PutMetricData-shaped (`Value`, or `Values` with optional `Counts`). */
  putMetricData(input: PutMetricDataCommandInput): void;
  /** GetMetricData-shaped query; see `runGetMetricData` for the semantics. */
  getMetricData(input: GetMetricDataCommandInput): GetMetricDataCommandOutput;
  /** Sizes, for tests and the dashboard. */
  stats(): { series: number; buckets: number; droppedSamples: number };
}

interface TargetGroupSeries {
  readonly requestCount: Series;
  readonly byStatusClass: readonly (Series | undefined)[];
  readonly elb5xx: Series;
  readonly responseTime: Series;
  readonly healthy: Series;
  readonly unhealthy: Series;
}

/**
 * Creates the store. ALB semantics:
 * - `RequestCount` counts every request for which a target was chosen, connection errors included.
 * - `HTTPCode_Target_NXX_Count` counts the statuses the target returned (5XX only real 5xx).
 * - A connection error is what the ALB reports as a 502 it generated itself, so it counts in
 *   `HTTPCode_ELB_5XX_Count` (the real ALB publishes that one per load balancer; here it is
 *   per target group so a colour's own errors can be alarmed on) and has no TargetResponseTime.
 * - `TargetResponseTime` is in seconds, one sample per response.
 * - Count metrics publish only non-zero seconds, like the ALB: use FILL(m, 0) or
 *   TreatMissingData notBreaching where "no errors" must read as zero.
 */
export function createMetricsStore(options: MetricsStoreOptions = {}): MetricsStore {
  const retentionSeconds = options.retentionSeconds ?? 3 * 3600;
  if (!Number.isInteger(retentionSeconds) || retentionSeconds < 1) {
    throw new InvalidRequestError(`retentionSeconds must be a whole number >= 1; got ${retentionSeconds}`);
  }
  const series = new Map<string, Series>();
  const targetGroups = new Map<string, TargetGroupSeries>();

  const seriesFor = (
    namespace: string,
    metricName: string,
    dimensions: readonly Dimension[],
    kind: Series['kind'],
  ) => {
    const key = seriesKey(namespace, metricName, dimensions);
    let found = series.get(key);
    if (found === undefined) {
      found = createSeries(kind);
      series.set(key, found);
    }
    return found;
  };

  const targetGroupSeries = (targetGroup: string): TargetGroupSeries => {
    let found = targetGroups.get(targetGroup);
    if (found !== undefined) return found;
    const dims = [{ Name: 'TargetGroup', Value: targetGroup }];
    const counter = (name: string) => seriesFor(albNamespace, name, dims, 'counter');
    const samples = (name: string) => seriesFor(albNamespace, name, dims, 'samples');
    found = {
      requestCount: counter(albMetricNames.requestCount),
      byStatusClass: [
        undefined,
        undefined,
        counter(albMetricNames.target2xx),
        counter(albMetricNames.target3xx),
        counter(albMetricNames.target4xx),
        counter(albMetricNames.target5xx),
      ],
      elb5xx: counter(albMetricNames.elb5xx),
      responseTime: samples(albMetricNames.targetResponseTime),
      healthy: samples(albMetricNames.healthyHostCount),
      unhealthy: samples(albMetricNames.unhealthyHostCount),
    };
    targetGroups.set(targetGroup, found);
    return found;
  };

  const lookup = (namespace: string, metricName: string, dimensions: readonly Dimension[]) => {
    const withoutOwnLoadBalancer =
      namespace === albNamespace && options.loadBalancer !== undefined
        ? dimensions.filter((d) => !(d.Name === 'LoadBalancer' && d.Value === options.loadBalancer))
        : dimensions;
    return series.get(seriesKey(namespace, metricName, withoutOwnLoadBalancer));
  };

  return {
    record(sample) {
      if (!Number.isFinite(sample.atMs)) {
        throw new InvalidRequestError(`RequestSample.atMs must be a finite epoch ms; got ${sample.atMs}`);
      }
      const tg = targetGroupSeries(sample.targetGroup);
      addToSeries(tg.requestCount, sample.atMs, 1, retentionSeconds);
      if (sample.status === null) {
        addToSeries(tg.elb5xx, sample.atMs, 1, retentionSeconds);
        return;
      }
      const statusClass = tg.byStatusClass[Math.floor(sample.status / 100)];
      if (statusClass !== undefined) addToSeries(statusClass, sample.atMs, 1, retentionSeconds);
      addToSeries(tg.responseTime, sample.atMs, sample.latencyMs / 1000, retentionSeconds);
    },
    recordHealth(sample) {
      if (!Number.isFinite(sample.atMs)) {
        throw new InvalidRequestError(`HealthSample.atMs must be a finite epoch ms; got ${sample.atMs}`);
      }
      const tg = targetGroupSeries(sample.targetGroup);
      addToSeries(tg.healthy, sample.atMs, sample.healthy, retentionSeconds);
      addToSeries(tg.unhealthy, sample.atMs, sample.unhealthy, retentionSeconds);
    },
    putMetricData(input) {
      const namespace = input.Namespace;
      if (!namespace || namespace.startsWith('AWS/')) {
        throw new InvalidRequestError(
          `PutMetricData Namespace ${JSON.stringify(namespace)} is invalid: give a custom namespace (not starting with "AWS/")`,
        );
      }
      for (const datum of input.MetricData ?? []) {
        if (!datum.MetricName)
          throw new InvalidRequestError(`PutMetricData in ${namespace}: a datum has no MetricName`);
        if (datum.StatisticValues !== undefined) {
          throw new InvalidRequestError(
            `PutMetricData ${namespace}/${datum.MetricName}: StatisticValues is not supported locally; send Value or Values`,
          );
        }
        const atMs = datum.Timestamp?.getTime() ?? options.clock?.nowMs();
        if (atMs === undefined || Number.isNaN(atMs)) {
          throw new InvalidRequestError(
            `PutMetricData ${namespace}/${datum.MetricName}: give a Timestamp, or create the store with a clock`,
          );
        }
        const values = datum.Values ?? (datum.Value === undefined ? [] : [datum.Value]);
        if (values.length === 0) {
          throw new InvalidRequestError(
            `PutMetricData ${namespace}/${datum.MetricName}: give Value or Values`,
          );
        }
        const target = seriesFor(namespace, datum.MetricName, datum.Dimensions ?? [], 'samples');
        values.forEach((value, index) => {
          addToSeries(target, atMs, value, retentionSeconds, datum.Counts?.[index] ?? 1);
        });
      }
    },
    getMetricData: (input) => runGetMetricData(input, lookup),
    stats() {
      let buckets = 0;
      let droppedSamples = 0;
      for (const s of series.values()) {
        buckets += s.buckets.size;
        droppedSamples += s.droppedSamples;
      }
      return { series: series.size, buckets, droppedSamples };
    },
  };
}

/** Identity of a series: namespace, name, and the dimensions in name order (CloudWatch matches them exactly). */
function seriesKey(namespace: string, metricName: string, dimensions: readonly Dimension[]): string {
  const dims = dimensions
    .map((d) => [d.Name ?? '', d.Value ?? ''] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([namespace, metricName, dims]);
}

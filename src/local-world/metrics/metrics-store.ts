import type {
  Dimension,
  GetMetricDataCommandInput,
  GetMetricDataCommandOutput,
  PutMetricDataCommandInput,
} from '@aws-sdk/client-cloudwatch';
import { albMetrics, albNamespace, albPeriodSeconds } from '../../core/alarm-definitions.ts';
import { InvalidRequestError } from '../../errors.ts';
import type { Clock } from '../../ports/clock.ts';
import { runGetMetricData } from './get-metric-data.ts';
import { addToSeries, createSeries, type Series } from './series.ts';

/** One request the load balancer forwarded to a target group, as the router saw it. */
export interface RequestSample {
  /** The LoadBalancer dimension value, e.g. `app/shop/0123456789abcdef`. */
  readonly loadBalancer: string;
  /** The TargetGroup dimension value, e.g. `targetgroup/shop-green/0123456789abcdef`. */
  readonly targetGroup: string;
  /** World time of the request, epoch ms. */
  readonly atMs: number;
  /**
   * What came back: the target's status; `connection-error` when no connection could be made
   * (the ALB answers 502 itself); `timeout` when the target did not answer in time (504).
   */
  readonly outcome: { readonly status: number } | 'connection-error' | 'timeout';
  /** Time to the target's response, ms (only for a status). */
  readonly latencyMs: number;
}

/** One health-check sweep of a target group. */
export interface HealthSample {
  readonly loadBalancer: string;
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
   * Reads the world's time: what is "now" for publication delays, and the timestamp of
   * PutMetricData datums that have none.
   * @default - every datapoint is readable at once, and datums need a Timestamp
   */
  readonly clock?: Clock;
  /**
   * Seconds after a 60 s ALB datapoint's minute ends before CloudWatch returns it. AWS
   * documents no figure; a minute is what is commonly seen.
   * @default 60
   */
  readonly albPublicationDelaySeconds?: number;
}

/** A CloudWatch-like metrics store in world time, at CloudWatch's resolutions. */
export interface MetricsStore {
  /** Records one forwarded request. O(1) amortised: called for every request. */
  record(sample: RequestSample): void;
  /** Records the healthy and unhealthy host counts seen at `atMs`. */
  recordHealth(sample: HealthSample): void;
  /** Custom metrics, PutMetricData-shaped (`Value`, or `Values` with optional `Counts`). */
  putMetricData(input: PutMetricDataCommandInput): void;
  /** GetMetricData-shaped query; see `runGetMetricData` for the semantics. */
  getMetricData(input: GetMetricDataCommandInput): GetMetricDataCommandOutput;
  /** Sizes, for tests and the bench. */
  stats(): { series: number; buckets: number; droppedSamples: number };
}

interface TargetGroupSeries {
  readonly requestCount: Series;
  readonly byStatusClass: readonly (Series | undefined)[];
  readonly connectionErrors: Series;
  readonly elb5xx: Series;
  readonly responseTime: Series;
  readonly healthy: Series;
  readonly unhealthy: Series;
}

/**
 * Creates the store. ALB semantics (the ALB user guide's metrics page):
 * - every ALB metric is published per minute, per target group with its load balancer;
 * - `RequestCount` counts every request for which a target was chosen, failed connections too;
 * - `HTTPCode_Target_NXX_Count` counts the statuses the targets returned;
 * - a failed connection counts in `TargetConnectionErrorCount` (per target group) and, as the
 *   502 the ALB answers itself, in `HTTPCode_ELB_5XX_Count`, which is per load balancer only;
 *   a target timeout is the ALB's 504, also per load balancer;
 * - `TargetResponseTime` is in seconds, one sample per response;
 * - counts publish only non-zero minutes: use FILL(m, 0) or notBreaching where none means 0.
 * Custom metrics keep their StorageResolution: 1 (high resolution) or 60.
 */
export function createMetricsStore(options: MetricsStoreOptions = {}): MetricsStore {
  const retentionSeconds = options.retentionSeconds ?? 3 * 3600;
  if (!Number.isInteger(retentionSeconds) || retentionSeconds < 1) {
    throw new InvalidRequestError(`retentionSeconds must be a whole number >= 1; got ${retentionSeconds}`);
  }
  const albDelaySeconds = options.albPublicationDelaySeconds ?? 60;
  const series = new Map<string, Series>();
  const targetGroups = new Map<string, TargetGroupSeries>();

  const seriesFor = (
    namespace: string,
    metricName: string,
    dimensions: readonly Dimension[],
    kind: Series['kind'],
    resolutionSeconds: number,
    visibleAfterSeconds: number | null = null,
  ): Series => {
    const key = seriesKey(namespace, metricName, dimensions);
    let found = series.get(key);
    if (found === undefined) {
      found = createSeries(kind, resolutionSeconds, visibleAfterSeconds);
      series.set(key, found);
    }
    return found;
  };

  const targetGroupSeries = (loadBalancer: string, targetGroup: string): TargetGroupSeries => {
    const key = `${loadBalancer} ${targetGroup}`;
    let found = targetGroups.get(key);
    if (found !== undefined) return found;
    const dims = [
      { Name: 'LoadBalancer', Value: loadBalancer },
      { Name: 'TargetGroup', Value: targetGroup },
    ];
    const alb = (name: string, kind: Series['kind'], dimensions: readonly Dimension[] = dims) =>
      seriesFor(albNamespace, name, dimensions, kind, albPeriodSeconds, albDelaySeconds);
    found = {
      requestCount: alb(albMetrics.requestCount, 'counter'),
      byStatusClass: [
        undefined,
        undefined,
        alb(albMetrics.target2xx, 'counter'),
        alb(albMetrics.target3xx, 'counter'),
        alb(albMetrics.target4xx, 'counter'),
        alb(albMetrics.target5xx, 'counter'),
      ],
      connectionErrors: alb(albMetrics.targetConnectionErrors, 'counter'),
      elb5xx: alb(albMetrics.elb5xx, 'counter', [{ Name: 'LoadBalancer', Value: loadBalancer }]),
      responseTime: alb(albMetrics.targetResponseTime, 'samples'),
      healthy: alb(albMetrics.healthyHostCount, 'samples'),
      unhealthy: alb(albMetrics.unhealthyHostCount, 'samples'),
    };
    targetGroups.set(key, found);
    return found;
  };

  const add = (target: Series, atMs: number, value: number, count = 1): void => {
    addToSeries(target, atMs, value, retentionSeconds, count);
  };

  return {
    record(sample) {
      if (!Number.isFinite(sample.atMs)) {
        throw new InvalidRequestError(`RequestSample.atMs must be a finite epoch ms; got ${sample.atMs}`);
      }
      const tg = targetGroupSeries(sample.loadBalancer, sample.targetGroup);
      add(tg.requestCount, sample.atMs, 1);
      if (sample.outcome === 'connection-error') {
        add(tg.connectionErrors, sample.atMs, 1);
        add(tg.elb5xx, sample.atMs, 1);
        return;
      }
      if (sample.outcome === 'timeout') {
        add(tg.elb5xx, sample.atMs, 1);
        return;
      }
      const statusClass = tg.byStatusClass[Math.floor(sample.outcome.status / 100)];
      if (statusClass !== undefined) add(statusClass, sample.atMs, 1);
      add(tg.responseTime, sample.atMs, sample.latencyMs / 1000);
    },
    recordHealth(sample) {
      if (!Number.isFinite(sample.atMs)) {
        throw new InvalidRequestError(`HealthSample.atMs must be a finite epoch ms; got ${sample.atMs}`);
      }
      const tg = targetGroupSeries(sample.loadBalancer, sample.targetGroup);
      add(tg.healthy, sample.atMs, sample.healthy);
      add(tg.unhealthy, sample.atMs, sample.unhealthy);
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
        if (
          datum.StorageResolution !== undefined &&
          datum.StorageResolution !== 1 &&
          datum.StorageResolution !== 60
        ) {
          throw new InvalidRequestError(
            `PutMetricData ${namespace}/${datum.MetricName}: StorageResolution must be 1 or 60; got ${datum.StorageResolution}`,
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
        const resolution = datum.StorageResolution ?? 60;
        const target = seriesFor(namespace, datum.MetricName, datum.Dimensions ?? [], 'samples', resolution);
        values.forEach((value, index) => {
          add(target, atMs, value, datum.Counts?.[index] ?? 1);
        });
      }
    },
    getMetricData: (input) =>
      runGetMetricData(
        input,
        (namespace, metricName, dimensions) => series.get(seriesKey(namespace, metricName, dimensions)),
        options.clock?.nowMs(),
      ),
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

import { type Aggregate, addToAggregate, emptyAggregate, mergeAggregate } from './statistics.ts';

/**
 * One metric time series in world time, at its storage resolution: 60 s for ALB's metrics
 * and standard custom metrics, 1 s for high-resolution ones (StorageResolution 1). A datapoint
 * is keyed by the start of its resolution bucket, as CloudWatch keys it.
 *
 * - `counter` series (RequestCount, the 5XX counts) keep one integer per second. Like the ALB
 *   they publish a datapoint only for seconds with a non-zero count, and that per-second count
 *   is the datapoint's value: `Sum` over a period is the total, `SampleCount` the number of
 *   seconds that had any.
 * - `samples` series (TargetResponseTime, host counts, custom metrics) keep every raw value, so
 *   percentiles are exact.
 *
 * Memory is bounded by `retentionSeconds`: buckets older than the newest second minus the
 * retention are evicted as new seconds arrive, and samples that old are dropped on arrival.
 * Each `add` is O(1) amortised: a Map lookup, and each evicted bucket is removed exactly once.
 */
export interface Series {
  readonly kind: 'counter' | 'samples';
  /** Storage resolution in seconds (1 or 60). */
  readonly resolutionSeconds: number;
  /**
   * Seconds after its bucket ends before a datapoint can be read, for metrics a service
   * publishes per period (ALB's); null for metrics readable as soon as they are put (custom).
   */
  readonly visibleAfterSeconds: number | null;
  readonly buckets: Map<number, SeriesBucket>;
  newestSecond: number;
  droppedSamples: number;
}

export type SeriesBucket = { count: number } | { aggregate: Aggregate; values: number[] };

export function createSeries(
  kind: Series['kind'],
  resolutionSeconds = 1,
  visibleAfterSeconds: number | null = null,
): Series {
  return {
    kind,
    resolutionSeconds,
    visibleAfterSeconds,
    buckets: new Map(),
    newestSecond: Number.NEGATIVE_INFINITY,
    droppedSamples: 0,
  };
}

/** Adds `value` (`count` times) at world time `atMs`. Returns false when it was older than the retention window. */
export function addToSeries(
  series: Series,
  atMs: number,
  value: number,
  retentionSeconds: number,
  count = 1,
): boolean {
  const second = Math.floor(atMs / 1000 / series.resolutionSeconds) * series.resolutionSeconds;
  if (second > series.newestSecond) {
    series.newestSecond = second;
    evictOlderThan(series, second - retentionSeconds);
  } else if (second < series.newestSecond - retentionSeconds) {
    series.droppedSamples += count;
    return false;
  }
  const bucket = series.buckets.get(second);
  if (series.kind === 'counter') {
    if (bucket === undefined) series.buckets.set(second, { count: value * count });
    else (bucket as { count: number }).count += value * count;
    return true;
  }
  if (bucket === undefined) {
    const aggregate = emptyAggregate();
    addToAggregate(aggregate, value, count);
    series.buckets.set(second, { aggregate, values: new Array<number>(count).fill(value) });
    return true;
  }
  const samples = bucket as { aggregate: Aggregate; values: number[] };
  addToAggregate(samples.aggregate, value, count);
  for (let i = 0; i < count; i++) samples.values.push(value);
  return true;
}

/** Evicts buckets before `cutoffSecond`. Maps iterate in insertion order, which is (nearly) time order here. */
function evictOlderThan(series: Series, cutoffSecond: number): void {
  for (const second of series.buckets.keys()) {
    if (second >= cutoffSecond) return;
    series.buckets.delete(second);
  }
}

/** The samples of one aligned period, ready for `statValue`. */
export interface PeriodData {
  readonly aggregate: Aggregate;
  readonly samples: () => number[];
}

/**
 * Groups the series' buckets in [startSecond, endSecond) into periods of `periodSeconds`, each
 * keyed by its start (floor(t / period) * period, like CloudWatch). Periods without data are
 * absent, and so are buckets not yet published at `asOfSecond` (bucket end + the delay).
 */
export function collectPeriods(
  series: Series,
  startSecond: number,
  endSecond: number,
  periodSeconds: number,
  asOfSecond = Number.POSITIVE_INFINITY,
): Map<number, PeriodData> {
  const grouped = new Map<number, { aggregate: Aggregate; buckets: SeriesBucket[] }>();
  const publishedBefore =
    series.visibleAfterSeconds === null
      ? Number.POSITIVE_INFINITY
      : asOfSecond - series.resolutionSeconds - series.visibleAfterSeconds;
  const visit = (second: number, bucket: SeriesBucket): void => {
    if (second > publishedBefore) return;
    const periodStart = Math.floor(second / periodSeconds) * periodSeconds;
    let period = grouped.get(periodStart);
    if (period === undefined) {
      period = { aggregate: emptyAggregate(), buckets: [] };
      grouped.set(periodStart, period);
    }
    period.buckets.push(bucket);
    if ('count' in bucket) addToAggregate(period.aggregate, bucket.count);
    else mergeAggregate(period.aggregate, bucket.aggregate);
  };
  // Walk whichever is smaller: the requested range or the stored buckets.
  const step = series.resolutionSeconds;
  if ((endSecond - startSecond) / step <= series.buckets.size) {
    for (let second = Math.ceil(startSecond / step) * step; second < endSecond; second += step) {
      const bucket = series.buckets.get(second);
      if (bucket !== undefined) visit(second, bucket);
    }
  } else {
    for (const [second, bucket] of series.buckets) {
      if (second >= startSecond && second < endSecond) visit(second, bucket);
    }
  }
  const periods = new Map<number, PeriodData>();
  for (const [start, period] of grouped) {
    periods.set(start, {
      aggregate: period.aggregate,
      samples: () => period.buckets.flatMap((bucket) => ('count' in bucket ? [bucket.count] : bucket.values)),
    });
  }
  return periods;
}

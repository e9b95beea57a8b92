import { type Aggregate, addToAggregate, emptyAggregate, mergeAggregate } from './statistics.ts';

/**
 * One metric time series at 1-second resolution in world time.
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
  readonly buckets: Map<number, SeriesBucket>;
  newestSecond: number;
  droppedSamples: number;
}

export type SeriesBucket = { count: number } | { aggregate: Aggregate; values: number[] };

export function createSeries(kind: Series['kind']): Series {
  return { kind, buckets: new Map(), newestSecond: Number.NEGATIVE_INFINITY, droppedSamples: 0 };
}

/** Adds `value` (`count` times) at world time `atMs`. Returns false when it was older than the retention window. */
export function addToSeries(
  series: Series,
  atMs: number,
  value: number,
  retentionSeconds: number,
  count = 1,
): boolean {
  const second = Math.floor(atMs / 1000);
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
 * Groups the series' seconds in [startSecond, endSecond) into periods of `periodSeconds`, each
 * keyed by its start (floor(t / period) * period, like CloudWatch). Periods without data are absent.
 */
export function collectPeriods(
  series: Series,
  startSecond: number,
  endSecond: number,
  periodSeconds: number,
): Map<number, PeriodData> {
  const grouped = new Map<number, { aggregate: Aggregate; buckets: SeriesBucket[] }>();
  const visit = (second: number, bucket: SeriesBucket): void => {
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
  if (endSecond - startSecond <= series.buckets.size) {
    for (let second = startSecond; second < endSecond; second++) {
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

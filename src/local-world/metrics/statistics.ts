import { InvalidRequestError } from '../../errors.ts';

/** A statistic as CloudWatch names it: `Sum`, `Average`, …, or a percentile such as `p95` / `p99.9`. */
export type ParsedStat =
  | { readonly kind: 'SampleCount' | 'Sum' | 'Average' | 'Minimum' | 'Maximum' }
  | { readonly kind: 'percentile'; readonly percent: number };

const simpleStats = new Set(['SampleCount', 'Sum', 'Average', 'Minimum', 'Maximum']);
const percentilePattern = /^p(\d{1,2}(?:\.\d{1,10})?|100)$/;

/** Parses a CloudWatch statistic name; throws InvalidRequestError naming the bad value and the supported ones. */
export function parseStat(stat: string | undefined): ParsedStat {
  if (stat !== undefined && simpleStats.has(stat)) {
    return { kind: stat as 'SampleCount' | 'Sum' | 'Average' | 'Minimum' | 'Maximum' };
  }
  const match = stat === undefined ? null : percentilePattern.exec(stat);
  if (match?.[1] !== undefined) {
    const percent = Number(match[1]);
    if (percent > 0 && percent <= 100) return { kind: 'percentile', percent };
  }
  throw new InvalidRequestError(
    `unsupported statistic ${JSON.stringify(stat)}: use SampleCount, Sum, Average, Minimum, Maximum or a percentile such as p95 or p99.9`,
  );
}

/** Running aggregate of one bucket or period. */
export interface Aggregate {
  count: number;
  sum: number;
  min: number;
  max: number;
}

export function emptyAggregate(): Aggregate {
  return { count: 0, sum: 0, min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY };
}

export function addToAggregate(aggregate: Aggregate, value: number, count = 1): void {
  aggregate.count += count;
  aggregate.sum += value * count;
  if (value < aggregate.min) aggregate.min = value;
  if (value > aggregate.max) aggregate.max = value;
}

export function mergeAggregate(into: Aggregate, from: Aggregate): void {
  into.count += from.count;
  into.sum += from.sum;
  if (from.min < into.min) into.min = from.min;
  if (from.max > into.max) into.max = from.max;
}

/**
 * Nearest-rank percentile of the samples: the smallest sample such that at least `percent`%
 * of the samples are less than or equal to it. Exact (no interpolation, no sketch); e.g. the
 * p95 of 1..100 is 95 and the p50 of [1, 2, 3, 4] is 2. `sorted` must be ascending, non-empty.
 */
export function nearestRankPercentile(sorted: readonly number[], percent: number): number {
  const rank = Math.max(1, Math.ceil((percent / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] as number;
}

/**
 * The value of `stat` for one period, or null when the period has no samples (missing data).
 * `samples` is only read for percentiles.
 */
export function statValue(stat: ParsedStat, aggregate: Aggregate, samples: () => number[]): number | null {
  if (aggregate.count === 0) return null;
  switch (stat.kind) {
    case 'SampleCount':
      return aggregate.count;
    case 'Sum':
      return aggregate.sum;
    case 'Average':
      return aggregate.sum / aggregate.count;
    case 'Minimum':
      return aggregate.min;
    case 'Maximum':
      return aggregate.max;
    case 'percentile': {
      const sorted = samples().sort((a, b) => a - b);
      return sorted.length === 0 ? null : nearestRankPercentile(sorted, stat.percent);
    }
  }
}

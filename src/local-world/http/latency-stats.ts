/** Percentiles of latency samples (nearest-rank, as CloudWatch's pNN on raw samples). */

/** The `percent`th percentile of `values` by nearest rank; 0 when there are none. */
export function percentile(values: readonly number[], percent: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((percent / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/**
 * Whether request number `index` (0-based) is a write when `ratio` of requests are writes:
 * spreads writes evenly and gives exactly round(n × ratio) of the first n, with no RNG.
 */
export function isWrite(index: number, ratio: number): boolean {
  return Math.floor((index + 1) * ratio) > Math.floor(index * ratio);
}

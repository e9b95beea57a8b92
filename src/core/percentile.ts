/** Percentiles of samples by nearest rank, as CloudWatch's pNN on raw samples. */

/** The `percent`th percentile of `values` by nearest rank; 0 when there are none. */
export function percentile(values: readonly number[], percent: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((percent / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

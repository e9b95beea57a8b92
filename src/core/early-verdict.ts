/** What one colour served over a window. */
export interface ServedCounts {
  readonly requests: number;
  readonly errors: number;
}

/** How sure the early verdict must be: Wald's error rates. */
export interface EarlyVerdictSettings {
  /** An error rate green may have and still be judged good: seed 003's success criterion. @default 0.1 */
  readonly successErrorRatePercent: number;
  /** The smallest error rate worth stopping a canary for. @default 2 */
  readonly badErrorRatePercent: number;
  /** Chance of rolling back a good release (α). @default 0.001 */
  readonly falseRollbackRate: number;
  /** Chance of missing a bad release, for the boundary's shape (β). @default 0.01 */
  readonly missRate: number;
}

export const defaultEarlyVerdictSettings: EarlyVerdictSettings = {
  successErrorRatePercent: 0.1,
  badErrorRatePercent: 2,
  falseRollbackRate: 0.001,
  missRate: 0.01,
};

export type EarlyVerdict = {
  readonly decision: 'rollback' | 'good' | 'undecided';
  readonly reason: string;
  readonly llr: number;
};

/**
 * The early verdict on a bake so far: Wald's sequential probability ratio test on green's errors.
 *
 * - H0, good: green errs at p0 = the larger of blue's observed rate (same seconds) and the
 *   success criterion. H1, bad: p1 = the larger of `badErrorRatePercent` and twice p0.
 * - The log-likelihood ratio of green's k errors in n requests is
 *   LLR = k·ln(p1/p0) + (n − k)·ln((1 − p1)/(1 − p0)).
 * - LLR ≥ ln((1 − β)/α) → rollback; LLR ≤ ln(β/(1 − α)) → good; else undecided. Run on the
 *   whole bake each time, it is the sequential test: the bake goes on until a boundary is crossed.
 *
 * @example At p0 = 0.1%, p1 = 2%, a 2%-error green crosses the rollback boundary (6.9) after
 *   about 170 requests: 34 s at 5 rps. A green with no errors reaches "good" after ~240 requests.
 */
export function earlyVerdict(
  green: ServedCounts,
  blue: ServedCounts | null,
  settings: EarlyVerdictSettings = defaultEarlyVerdictSettings,
): EarlyVerdict {
  const blueRate = blue && blue.requests > 0 ? blue.errors / blue.requests : 0;
  const p0 = Math.min(0.5, Math.max(blueRate, settings.successErrorRatePercent / 100));
  const p1 = Math.min(0.99, Math.max(settings.badErrorRatePercent / 100, 2 * p0));
  const { requests: n, errors: k } = green;
  const llr = k * Math.log(p1 / p0) + (n - k) * Math.log((1 - p1) / (1 - p0));
  const upper = Math.log((1 - settings.missRate) / settings.falseRollbackRate);
  const lower = Math.log(settings.missRate / (1 - settings.falseRollbackRate));
  const observed = `${k} errors in ${n} requests (${percent(n === 0 ? 0 : k / n)}) against an expected ${percent(p0)}`;
  if (llr >= upper) {
    return {
      decision: 'rollback',
      reason: `early verdict: ${observed}; that many errors are ${likelier(llr)} likelier from a ${percent(p1)}-error release than from a good one`,
      llr,
    };
  }
  if (llr <= lower) return { decision: 'good', reason: `early verdict: good so far, ${observed}`, llr };
  return { decision: 'undecided', reason: `early verdict: not decided yet, ${observed}`, llr };
}

const likelier = (llr: number): string =>
  llr > Math.log(1e6) ? 'over a million times' : `${Math.round(Math.exp(llr)).toLocaleString('en-US')}×`;

const percent = (share: number): string => `${(share * 100).toFixed(share < 0.01 ? 2 : 1)}%`;

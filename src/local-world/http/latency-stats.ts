/** Which of the load's requests are writes. */

/**
 * Whether request number `index` (0-based) is a write when `ratio` of requests are writes:
 * spreads writes evenly and gives exactly round(n × ratio) of the first n, with no RNG.
 */
export function isWrite(index: number, ratio: number): boolean {
  return Math.floor((index + 1) * ratio) > Math.floor(index * ratio);
}

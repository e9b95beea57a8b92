/**
 * How many users a release hurt, counted the same way for every policy from the load
 * generator's own records: a request failed when it got a 5xx, no answer, or an answer slower
 * than four times blue's p95 before the deployment (seed 000: "response time up by more than
 * 300%" is a failure users feel).
 */

import { percentile } from '../../core/percentile.ts';
import type { ResponseRecord } from '../../local-world/http/load-generator.ts';

/** "Response time up by more than 300%": four times the baseline. */
export const slowFactor = 4;

/** The latency above which an answer counts as failed: 4 × blue's p95 before `beforeMs`. */
export function slowThresholdMs(records: readonly ResponseRecord[], beforeMs: number): number {
  const baseline = records
    .filter((r) => r.atMs < beforeMs && r.colour === 'blue' && r.status !== null && r.status < 500)
    .map((r) => r.latencyMs);
  if (baseline.length === 0)
    throw new Error('no blue baseline: the load ran no requests before the deployment');
  return slowFactor * percentile(baseline, 95);
}

export function isFailedRequest(record: ResponseRecord, slowAboveMs: number): boolean {
  return record.status === null || record.status >= 500 || record.latencyMs > slowAboveMs;
}

/** Failed requests sent in [fromMs, toMs). */
export function failedRequests(
  records: readonly ResponseRecord[],
  window: { readonly fromMs: number; readonly toMs: number },
  slowAboveMs: number,
): number {
  let failed = 0;
  for (const record of records) {
    if (record.atMs >= window.fromMs && record.atMs < window.toMs && isFailedRequest(record, slowAboveMs))
      failed += 1;
  }
  return failed;
}

/**
 * What no detector watching this policy's metric could avoid: the canary's failures during one
 * period of that metric, from the fault's onset. Canary colour only.
 */
export function theoreticalMinimum(input: {
  /** Requests per second the canary gets when the fault begins. */
  readonly canaryRps: number;
  /** Share of the canary's requests that fail once the fault begins (1 for a crash or a slow release). */
  readonly failingShare: number;
  readonly metricPeriodSeconds: number;
}): number {
  return input.canaryRps * input.failingShare * input.metricPeriodSeconds;
}

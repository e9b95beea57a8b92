/**
 * Number formatting shared by the terminal, SVG and HTML renderers. Deterministic (no locale
 * lookups) and never prints `NaN`, `Infinity` or `undefined`: a missing figure reads "—".
 */

import { formatDuration, formatNumber } from '../core/format.ts';

/** What a missing or impossible figure prints as. */
export const MISSING = '—';

/** An integer with thousands separators: `12345` → `12,345`. */
export function formatCount(value: number): string {
  if (!Number.isFinite(value)) return MISSING;
  const rounded = Math.round(value);
  const digits = String(Math.abs(rounded)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return rounded < 0 ? `-${digits}` : digits;
}

/** A percentage with at most `decimals` places: `20` → `20%`, `3.14159` → `3.1%`. */
export function formatPercent(value: number, decimals = 1): string {
  return Number.isFinite(value) ? `${formatNumber(value, decimals)}%` : MISSING;
}

/** World seconds as a readable duration (`12 s`, `1 min 30 s`), or "—" when unknown. */
export function formatSeconds(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return MISSING;
  // Sub-minute durations keep one decimal: a 0.4 s restore must not read "0 s".
  return seconds < 60 ? `${formatNumber(seconds, 1)} s` : formatDuration(seconds);
}

/** Milliseconds: `45 ms`, `1.2 s` from 1 s up, "—" when unknown. */
export function formatMs(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return MISSING;
  return ms < 1000 ? `${formatNumber(ms, ms < 10 ? 1 : 0)} ms` : `${formatNumber(ms / 1000, 2)} s`;
}

/** The time-axis label for world seconds since the start: `t+0s`, `t+90s`. */
export function formatOffset(seconds: number): string {
  return `t+${Number.isFinite(seconds) ? formatNumber(seconds, 1) : 0}s`;
}

/** `measured ÷ minimum` as `×1.4`, or `null` when the minimum is missing or zero. */
export function formatRatio(measured: number, minimum: number | null): string | null {
  if (minimum === null || !Number.isFinite(minimum) || minimum <= 0 || !Number.isFinite(measured))
    return null;
  const ratio = measured / minimum;
  return `×${formatNumber(ratio, ratio >= 10 ? 0 : 1)}`;
}

/** Failed ÷ requests as a percentage; `null` when nothing was served (no rate exists). */
export function errorRatePercent(failed: number, requests: number): number | null {
  if (!Number.isFinite(failed) || !Number.isFinite(requests) || requests <= 0) return null;
  return Math.min(100, Math.max(0, (failed / requests) * 100));
}

/** The plan as one line: `10% for 30 s → 50% for 30 s → 100%`. */
export function formatPlan(plan: readonly { weightPercent: number; bakeSeconds: number }[]): string {
  if (plan.length === 0) return MISSING;
  return plan
    .map((step) =>
      step.bakeSeconds > 0
        ? `${formatPercent(step.weightPercent, 1)} for ${formatSeconds(step.bakeSeconds)}`
        : formatPercent(step.weightPercent, 1),
    )
    .join(' → ');
}

/** Time to detect, in words: a release judged before any user traffic has no detection delay to show. */
export function formatDetection(summary: {
  readonly timeToDetectSeconds: number | null;
  readonly caughtBeforeTraffic: boolean;
}): string {
  return summary.caughtBeforeTraffic ? 'before any user traffic' : formatSeconds(summary.timeToDetectSeconds);
}

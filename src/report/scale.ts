/**
 * Axis maths: readable tick steps and linear mappings from data to pixels. Pure, and safe
 * for degenerate domains (empty, zero-width, non-finite), which map to something drawable.
 */

/** A linear mapping from a data domain to a pixel range, with its ticks. */
export interface LinearScale {
  readonly domain: readonly [number, number];
  readonly ticks: readonly number[];
  /** The pixel position of `value`; values outside the domain are clamped to the range. */
  readonly at: (value: number) => number;
}

const NICE_FACTORS = [1, 2, 2.5, 5, 10] as const;

/**
 * The smallest "nice" step (1, 2, 2.5 or 5 × 10ⁿ) that splits `span` into at most
 * `maxTicks` intervals. `span` 100 with 5 ticks → 25; 7 → 2; 0 or non-finite → 1.
 */
export function niceStep(span: number, maxTicks: number): number {
  if (!Number.isFinite(span) || span <= 0) return 1;
  const raw = span / Math.max(1, maxTicks);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const factor = NICE_FACTORS.find((f) => f * magnitude >= raw) ?? 10;
  return factor * magnitude;
}

/**
 * Tick steps for world seconds: multiples that read as time (5 s, 15 s, 30 s, 1 min, 5 min…),
 * so `t+90s` sits on a tick and `t+37s` never does.
 */
const TIME_STEPS_SECONDS = [
  1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14_400, 21_600,
];

/** The smallest time step that splits `spanSeconds` into at most `maxTicks` intervals. */
export function niceTimeStep(spanSeconds: number, maxTicks: number): number {
  if (!Number.isFinite(spanSeconds) || spanSeconds <= 0) return 1;
  const raw = spanSeconds / Math.max(1, maxTicks);
  return TIME_STEPS_SECONDS.find((s) => s >= raw) ?? Math.ceil(raw / 86_400) * 86_400;
}

/** Multiples of `step` from 0 to `max` inclusive (with a small tolerance for float error). */
export function ticksUpTo(max: number, step: number): number[] {
  if (!Number.isFinite(max) || !Number.isFinite(step) || step <= 0 || max < 0) return [0];
  const ticks: number[] = [];
  for (let i = 0; i * step <= max + step * 1e-9 && ticks.length < 1000; i++) {
    ticks.push(Math.round(i * step * 1e6) / 1e6);
  }
  return ticks;
}

/**
 * A scale from 0 to a nice maximum at or above `dataMax` (at least `floor`), with ticks on
 * a nice step. Of the step sizes for 2…`maxTicks` intervals, the one whose maximum hugs the
 * data most closely wins: dataMax 24 → 0…30 by 10; dataMax 5 → 0…5 by 2.5 (not 0…6 by 2).
 */
export function niceZeroBasedScale(
  dataMax: number,
  range: readonly [number, number],
  options: { readonly maxTicks: number; readonly floor: number; readonly ceiling?: number },
): LinearScale {
  const wanted = Number.isFinite(dataMax) ? Math.max(dataMax, options.floor) : options.floor;
  const capped = options.ceiling === undefined ? wanted : Math.min(wanted, options.ceiling);
  let best = { max: Number.POSITIVE_INFINITY, step: 1 };
  for (let intervals = Math.max(2, options.maxTicks); intervals >= 2; intervals--) {
    const step = niceStep(capped, intervals);
    const max = Math.max(step, Math.ceil(capped / step - 1e-9) * step);
    if (max < best.max - 1e-9) best = { max, step };
  }
  return linearScale([0, best.max], range, ticksUpTo(best.max, best.step));
}

/** A clamped linear scale; a zero-width domain maps everything to the start of the range. */
export function linearScale(
  domain: readonly [number, number],
  range: readonly [number, number],
  ticks: readonly number[],
): LinearScale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const width = d1 - d0;
  const at = (value: number): number => {
    if (!Number.isFinite(value) || !Number.isFinite(width) || width === 0) return r0;
    const t = Math.min(1, Math.max(0, (value - d0) / width));
    return r0 + t * (r1 - r0);
  };
  return { domain, ticks, at };
}

/**
 * Turns the raw samples into what the chart plots: seconds since the start, the span each
 * sample covers, and rates that exist only when there was traffic. A colour that served
 * nothing has no error rate (not 0%): the chart leaves a gap rather than claim health.
 */

import { errorRatePercent } from './numbers.ts';
import type { SimulationTimeline, TimelineSample } from './timeline.ts';

/** One sample, on the chart's time axis. */
export interface ChartPoint {
  /** Seconds since the start, where the sample's second begins. */
  readonly fromSeconds: number;
  /** Where it ends: the next sample's start, or one second later for the last one. */
  readonly toSeconds: number;
  readonly greenWeightPercent: number;
  readonly errorRate: {
    readonly blue: number | null;
    readonly green: number | null;
    readonly unknown: number | null;
  };
  readonly p95Ms: { readonly blue: number | null; readonly green: number | null };
}

/** The chart's data, with the extremes the axes need. */
export interface ChartSeries {
  readonly points: readonly ChartPoint[];
  /** Length of the time axis, seconds (at least 1). */
  readonly durationSeconds: number;
  readonly maxErrorRatePercent: number;
  readonly maxP95Ms: number;
  readonly hasUnknownFailures: boolean;
}

function finiteOrNull(value: number | null): number | null {
  return value !== null && Number.isFinite(value) && value >= 0 ? value : null;
}

function clampPercent(value: number): number {
  return Number.isFinite(value) ? Math.min(100, Math.max(0, value)) : 0;
}

function toPoint(sample: TimelineSample, next: TimelineSample | undefined, startMs: number): ChartPoint {
  const fromSeconds = (sample.atMs - startMs) / 1000;
  const nextSeconds = next === undefined ? fromSeconds + 1 : (next.atMs - startMs) / 1000;
  const { requests, failed } = sample;
  const unknownBase = requests.blue + requests.green + failed.unknown;
  return {
    fromSeconds,
    toSeconds: Math.max(fromSeconds, nextSeconds),
    greenWeightPercent: clampPercent(sample.weights.green),
    errorRate: {
      blue: errorRatePercent(failed.blue, requests.blue),
      green: errorRatePercent(failed.green, requests.green),
      // Unattributed failures are not in either colour's count, so their base is everything.
      unknown: failed.unknown > 0 ? errorRatePercent(failed.unknown, unknownBase) : null,
    },
    p95Ms: { blue: finiteOrNull(sample.p95Ms.blue), green: finiteOrNull(sample.p95Ms.green) },
  };
}

function maxOf(values: readonly (number | null)[]): number {
  let max = 0;
  for (const value of values) if (value !== null && Number.isFinite(value) && value > max) max = value;
  return max;
}

/** The chart's series for `timeline`; samples with a non-finite time are left out. */
export function chartSeries(timeline: SimulationTimeline): ChartSeries {
  const startMs = Number.isFinite(timeline.startedAtMs) ? timeline.startedAtMs : 0;
  const samples = timeline.samples.filter((s) => Number.isFinite(s.atMs));
  const points = samples.map((sample, i) => toPoint(sample, samples[i + 1], startMs));
  const ends = [
    (timeline.endedAtMs - startMs) / 1000,
    ...points.map((p) => p.toSeconds),
    ...timeline.markers.map((m) => (m.atMs - startMs) / 1000),
  ];
  return {
    points,
    durationSeconds: Math.max(1, maxOf(ends)),
    maxErrorRatePercent: maxOf(
      points.flatMap((p) => [p.errorRate.blue, p.errorRate.green, p.errorRate.unknown]),
    ),
    maxP95Ms: maxOf(points.flatMap((p) => [p.p95Ms.blue, p.p95Ms.green])),
    hasUnknownFailures: points.some((p) => p.errorRate.unknown !== null),
  };
}

/**
 * The chart in words, for the SVG's `<title>` and `<desc>`: what a screen reader announces,
 * and what a reader of a text-only postmortem still gets.
 */

import { formatNumber } from '../core/format.ts';
import { formatCount, formatMs, formatOffset, formatSeconds } from './numbers.ts';
import type { SimulationTimeline } from './timeline.ts';
import type { ChartSeries } from './timeline-series.ts';

const OUTCOME_WORDS = { succeeded: 'succeeded', 'rolled-back': 'was rolled back', failed: 'failed' } as const;

/** `checkout v1 → v2: rolled back`. */
export function chartTitle(timeline: SimulationTimeline): string {
  const s = timeline.summary;
  return `Deployment timeline: ${s.service} ${s.fromVersion} → ${s.toVersion} ${OUTCOME_WORDS[s.outcome]}`;
}

/** The distinct green weights in order of appearance: `0% → 10% → 50% → 0%`. */
function weightPath(series: ChartSeries): string {
  const steps: number[] = [];
  for (const p of series.points) {
    if (steps[steps.length - 1] !== p.greenWeightPercent) steps.push(p.greenWeightPercent);
  }
  return steps.map((w) => `${formatNumber(w, 1)}%`).join(' → ');
}

/** A few sentences covering each panel and the markers. */
export function chartDescription(timeline: SimulationTimeline, series: ChartSeries): string {
  const s = timeline.summary;
  const sentences = [
    `Scenario ${s.scenario}: ${formatSeconds(series.durationSeconds)} of world time, ${formatCount(s.requestsSent)} requests sent.`,
  ];
  sentences.push(
    series.points.length === 0
      ? 'No traffic samples were recorded.'
      : `Green's share of traffic went ${weightPath(series)}.`,
  );
  sentences.push(
    series.maxErrorRatePercent > 0
      ? `Error rate peaked at ${formatNumber(series.maxErrorRatePercent, 1)}% in one second; ${formatCount(s.failed.green)} green, ${formatCount(s.failed.blue)} blue and ${formatCount(s.failed.unknown)} unattributed requests failed.`
      : 'No request failed.',
  );
  if (series.maxP95Ms > 0) sentences.push(`p95 latency stayed at or below ${formatMs(series.maxP95Ms)}.`);
  const rollback = timeline.markers.find((m) => m.kind === 'rollback');
  if (rollback !== undefined) {
    sentences.push(
      `Rollback started at ${formatOffset((rollback.atMs - timeline.startedAtMs) / 1000)}, ${formatSeconds(s.timeToDetectSeconds)} after the first green failure; blue had all traffic again ${formatSeconds(s.timeToRestoreSeconds)} later.`,
    );
  }
  const alarms = timeline.markers.filter((m) => m.kind === 'alarm').length;
  sentences.push(`${timeline.markers.length} markers, ${alarms} of them alarms.`);
  return sentences.join(' ');
}

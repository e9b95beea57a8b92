/**
 * The three stacked panels of the timeline: traffic weights, error rate, p95 latency. Each
 * draws its own grid, y axis and series inside a box; the time axis is shared.
 */

import { formatNumber } from '../core/format.ts';
import type { LinearScale } from './scale.ts';
import { linearScale, niceZeroBasedScale, ticksUpTo } from './scale.ts';
import type { GapPoint, StepSpan } from './svg-paths.ts';
import { gapAreaPath, gapLinePath, runsOf, stepAreaPath, stepLinePath } from './svg-paths.ts';
import { COLOURS, FONT, textWidth } from './svg-theme.ts';
import type { ChartPoint, ChartSeries } from './timeline-series.ts';
import { element, textElement } from './xml.ts';

/** Where a panel sits: the shared horizontal extent and its own vertical one. */
export interface PanelBox {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly height: number;
  /** Seconds → x. */
  readonly time: LinearScale;
}

function bottomOf(box: PanelBox): number {
  return box.top + box.height;
}

/** Title above the panel, and the horizontal grid with its labels on the left. */
function panelFrame(box: PanelBox, title: string, y: LinearScale, unit: (tick: number) => string): string {
  const grid = y.ticks.map((tick) => {
    const at = y.at(tick);
    return (
      element('line', { class: 'gl-grid', x1: box.left, x2: box.right, y1: at, y2: at }) +
      textElement(
        { class: 'gl-text gl-muted', x: box.left - 6, y: at + 3.5, 'text-anchor': 'end' },
        unit(tick),
      )
    );
  });
  return (
    textElement({ class: 'gl-text gl-panel-title', x: box.left, y: box.top - 8 }, title) +
    grid.join('') +
    element('line', { class: 'gl-axis', x1: box.left, x2: box.right, y1: bottomOf(box), y2: bottomOf(box) })
  );
}

function emptyNote(box: PanelBox, text: string): string {
  return textElement(
    {
      class: 'gl-text gl-muted gl-halo',
      x: (box.left + box.right) / 2,
      y: box.top + box.height / 2,
      'text-anchor': 'middle',
    },
    text,
  );
}

/** Runs of equal green weight, for the plateau labels. */
function plateaus(points: readonly ChartPoint[]): { from: number; to: number; weight: number }[] {
  const out: { from: number; to: number; weight: number }[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (last !== undefined && last.weight === p.greenWeightPercent) last.to = p.toSeconds;
    else out.push({ from: p.fromSeconds, to: p.toSeconds, weight: p.greenWeightPercent });
  }
  return out;
}

/** Panel (a): green's share as a step area over a blue background. */
export function weightsPanel(series: ChartSeries, box: PanelBox): string {
  const y = linearScale([0, 100], [bottomOf(box), box.top], ticksUpTo(100, 50));
  const frame = panelFrame(box, 'Traffic to green', y, (t) => `${t}%`);
  const first = series.points[0];
  const last = series.points[series.points.length - 1];
  if (first === undefined || last === undefined) return frame + emptyNote(box, 'no traffic recorded');
  const spans: StepSpan[] = series.points.map((p) => ({
    x0: box.time.at(p.fromSeconds),
    x1: box.time.at(p.toSeconds),
    y: y.at(p.greenWeightPercent),
  }));
  const x0 = box.time.at(first.fromSeconds);
  const blue = element('rect', {
    x: x0,
    y: box.top,
    width: box.time.at(last.toSeconds) - x0,
    height: box.height,
    fill: COLOURS.blue,
    'fill-opacity': 0.16,
  });
  const green = element('path', {
    d: stepAreaPath(spans, bottomOf(box)),
    fill: COLOURS.green,
    'fill-opacity': 0.8,
  });
  const edge = element('path', {
    d: stepLinePath(spans),
    fill: 'none',
    stroke: COLOURS.green,
    'stroke-width': 2,
  });
  const labels = plateaus(series.points)
    .filter((run) => run.weight > 0)
    .map((run) => {
      const text = `${formatNumber(run.weight, 1)}%`;
      const from = box.time.at(run.from);
      if (box.time.at(run.to) - from < textWidth(text, FONT.body) + 8) return '';
      const inside = run.weight > 75;
      const attrs = { x: from + 4, y: inside ? y.at(run.weight) + 13 : y.at(run.weight) - 5 };
      return textElement(
        { ...attrs, class: 'gl-text gl-strong', style: inside ? 'fill:#ffffff' : `fill:${COLOURS.green}` },
        text,
      );
    });
  return blue + green + edge + frame + labels.join('');
}

function seriesPoints(
  series: ChartSeries,
  box: PanelBox,
  y: LinearScale,
  pick: (p: ChartPoint) => number | null,
): GapPoint[] {
  return series.points.map((p) => {
    const value = pick(p);
    return { x: box.time.at((p.fromSeconds + p.toSeconds) / 2), y: value === null ? null : y.at(value) };
  });
}

/** A line that also shows lone points, which a path of one vertex would hide. */
function line(points: readonly GapPoint[], colour: string, dashed = false): string {
  const dots = runsOf(points)
    .filter((run) => run.length === 1)
    .map((run) => element('circle', { cx: run[0]!.x, cy: run[0]!.y, r: 2.5, fill: colour }));
  const path = element('path', {
    d: gapLinePath(points),
    fill: 'none',
    stroke: colour,
    'stroke-width': 1.75,
    'stroke-linejoin': 'round',
    'stroke-dasharray': dashed ? '4 3' : undefined,
  });
  return path + dots.join('');
}

/** Panel (b): failed ÷ requests per second and colour, failures shaded red. */
export function errorRatePanel(series: ChartSeries, box: PanelBox): string {
  const y = niceZeroBasedScale(series.maxErrorRatePercent, [bottomOf(box), box.top], {
    maxTicks: 4,
    floor: 5,
    ceiling: 100,
  });
  const frame = panelFrame(box, 'Error rate (failed ÷ requests)', y, (t) => `${formatNumber(t, 1)}%`);
  const colours = [
    { pick: (p: ChartPoint) => p.errorRate.blue, colour: COLOURS.blue, name: 'blue' },
    { pick: (p: ChartPoint) => p.errorRate.green, colour: COLOURS.green, name: 'green' },
  ] as const;
  const dotsFit = (box.right - box.left) / Math.max(1, series.points.length) >= 3;
  const drawn = colours.map(({ pick, colour }) => {
    const points = seriesPoints(series, box, y, pick);
    const shade = element('path', {
      d: gapAreaPath(points, bottomOf(box)),
      fill: COLOURS.failure,
      'fill-opacity': 0.14,
    });
    // Dots only while they stay apart; on a long run the red shading carries the message.
    const failing = !dotsFit
      ? []
      : series.points
          .map((p, i) => ({ value: pick(p), at: points[i] }))
          .filter((p) => p.value !== null && p.value > 0 && p.at !== undefined && p.at.y !== null)
          .map((p) => element('circle', { cx: p.at!.x, cy: p.at!.y!, r: 1.75, fill: COLOURS.failure }));
    return shade + line(points, colour) + failing.join('');
  });
  const unknown = series.hasUnknownFailures
    ? line(
        seriesPoints(series, box, y, (p) => p.errorRate.unknown),
        COLOURS.unknown,
        true,
      )
    : '';
  const anyRate = series.points.some((p) => p.errorRate.blue !== null || p.errorRate.green !== null);
  const note = !anyRate
    ? emptyNote(box, 'no traffic recorded')
    : series.maxErrorRatePercent === 0
      ? emptyNote(box, 'no failed requests')
      : peakLabel(series, box, y);
  return frame + drawn.join('') + unknown + note;
}

/** A callout at the worst second, so the eye finds it and the number is on the chart. */
function peakLabel(series: ChartSeries, box: PanelBox, y: LinearScale): string {
  let best: { x: number; value: number; colour: string } | undefined;
  for (const p of series.points) {
    for (const [name, value] of [
      ['blue', p.errorRate.blue],
      ['green', p.errorRate.green],
    ] as const) {
      if (value !== null && value > (best?.value ?? 0)) {
        best = { x: box.time.at((p.fromSeconds + p.toSeconds) / 2), value, colour: name };
      }
    }
  }
  if (best === undefined) return '';
  const text = `peak ${formatNumber(best.value, 1)}% on ${best.colour}`;
  const width = textWidth(text, FONT.small);
  const rightSide = best.x + 8 + width <= box.right;
  return textElement(
    {
      x: rightSide ? best.x + 8 : best.x - 8,
      y: Math.max(box.top + 11, y.at(best.value) - 7),
      'text-anchor': rightSide ? 'start' : 'end',
      class: 'gl-text gl-strong gl-halo',
      style: `fill:${COLOURS.failure}`,
    },
    text,
  );
}

/** Panel (c): p95 latency per second and colour. */
export function latencyPanel(series: ChartSeries, box: PanelBox): string {
  const y = niceZeroBasedScale(series.maxP95Ms, [bottomOf(box), box.top], { maxTicks: 4, floor: 10 });
  const frame = panelFrame(box, 'p95 latency', y, (t) => `${formatNumber(t, 1)} ms`);
  const lines = [
    line(
      seriesPoints(series, box, y, (p) => p.p95Ms.blue),
      COLOURS.blue,
    ),
    line(
      seriesPoints(series, box, y, (p) => p.p95Ms.green),
      COLOURS.green,
    ),
  ];
  const anyLatency = series.points.some((p) => p.p95Ms.blue !== null || p.p95Ms.green !== null);
  return frame + lines.join('') + (anyLatency ? '' : emptyNote(box, 'no latency data'));
}

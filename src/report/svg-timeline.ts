/**
 * The timeline chart of one simulated deployment: a self-contained, accessible SVG with
 * three panels on a shared time axis (traffic to green, error rate, p95 latency), marker
 * lines for the workflow's milestones, and bands for the detection and restore windows.
 * Pure and deterministic: the same timeline always gives the same string.
 */

import { formatNumber } from '../core/format.ts';
import { formatOffset, formatSeconds } from './numbers.ts';
import { linearScale, niceTimeStep, ticksUpTo } from './scale.ts';
import { chartDescription, chartTitle } from './svg-describe.ts';
import { renderHeading, renderLegend } from './svg-legend.ts';
import { placeMarkerLabels, renderMarkers } from './svg-markers.ts';
import type { PanelBox } from './svg-panels.ts';
import { errorRatePanel, latencyPanel, weightsPanel } from './svg-panels.ts';
import { SVG_STYLE } from './svg-theme.ts';
import { incidentWindows, renderWindowBands, renderWindowBrackets } from './svg-windows.ts';
import type { SimulationTimeline, TimelineMarker } from './timeline.ts';
import { chartSeries } from './timeline-series.ts';
import { element, escapeXml, textElement } from './xml.ts';

/** Options for {@link renderTimelineSvg}. */
export interface TimelineSvgOptions {
  /**
   * Width in pixels; the height follows from the content.
   * @default 960 (clamped to 480…4000)
   */
  readonly width?: number;
  /**
   * Whether to draw the heading (service, versions, outcome) above the legend. A page that
   * already shows them can leave it out; the accessible `<title>` stays either way.
   * @default true
   */
  readonly heading?: boolean;
}

const DEFAULT_WIDTH = 960;
const MARGIN = { left: 64, right: 28, top: 26 } as const;
const PANEL_HEIGHTS = [130, 150, 130] as const;
/** Room above each panel for its title. */
const PANEL_GAP = 30;
const LABEL_ROW_HEIGHT = 16;
const MAX_LABEL_ROWS = 5;
/** Deterministic ids, prefixed so the SVG can share a page with others' markup. */
const TITLE_ID = 'gl-timeline-title';
const DESC_ID = 'gl-timeline-desc';

function chartWidth(options: TimelineSvgOptions | undefined): number {
  const wanted = options?.width ?? DEFAULT_WIDTH;
  return Number.isFinite(wanted) ? Math.round(Math.min(4000, Math.max(480, wanted))) : DEFAULT_WIDTH;
}

function runContext(timeline: SimulationTimeline, durationSeconds: number): string {
  const s = timeline.summary;
  return `scenario ${s.scenario} · ${formatSeconds(durationSeconds)} world time · ${formatNumber(s.rps, 1)} req/s`;
}

/** Vertical grid lines at the time ticks, and the tick labels under the last panel. */
function timeAxis(ticks: readonly number[], xOf: (s: number) => number, panels: readonly PanelBox[]): string {
  const last = panels[panels.length - 1]!;
  const bottom = last.top + last.height;
  const grid = panels.flatMap((p) =>
    ticks.map((t) =>
      element('line', { class: 'gl-grid', x1: xOf(t), x2: xOf(t), y1: p.top, y2: p.top + p.height }),
    ),
  );
  const labels = ticks.map(
    (t) =>
      element('line', { class: 'gl-axis', x1: xOf(t), x2: xOf(t), y1: bottom, y2: bottom + 4 }) +
      textElement(
        { class: 'gl-text gl-muted', x: xOf(t), y: bottom + 16, 'text-anchor': 'middle' },
        formatOffset(t),
      ),
  );
  const caption = textElement(
    { class: 'gl-text gl-muted', x: last.right, y: bottom + 30, 'text-anchor': 'end' },
    'world seconds since start',
  );
  return grid.join('') + labels.join('') + caption;
}

/**
 * Renders `timeline` as an SVG document string (no XML prolog, so it can be inlined in HTML
 * or written to a `.svg` file as is).
 */
export function renderTimelineSvg(timeline: SimulationTimeline, options?: TimelineSvgOptions): string {
  const width = chartWidth(options);
  const left = MARGIN.left;
  const right = width - MARGIN.right;
  const series = chartSeries(timeline);
  const step = niceTimeStep(series.durationSeconds, Math.max(2, Math.floor((right - left) / 80)));
  const time = linearScale(
    [0, series.durationSeconds],
    [left, right],
    ticksUpTo(series.durationSeconds, step),
  );
  const startMs = Number.isFinite(timeline.startedAtMs) ? timeline.startedAtMs : 0;
  const markerX = (m: TimelineMarker) => time.at((m.atMs - startMs) / 1000);
  const markers = timeline.markers.filter((m) => Number.isFinite(m.atMs));
  const windows = incidentWindows(timeline);

  const showHeading = options?.heading ?? true;
  const heading = renderHeading(
    chartTitle(timeline).replace(/^Deployment timeline: /, ''),
    runContext(timeline, series.durationSeconds),
    {
      left,
      right,
      baseline: MARGIN.top,
    },
  );
  const legend = renderLegend(
    {
      fromVersion: timeline.summary.fromVersion,
      toVersion: timeline.summary.toVersion,
      unknownFailures: series.hasUnknownFailures,
      detectionWindow: windows.some((w) => w.kind === 'detect'),
      restoreWindow: windows.some((w) => w.kind === 'restore'),
    },
    { left, right, top: showHeading ? MARGIN.top + 12 : 8 },
  );
  const placed = placeMarkerLabels(markers, markerX, { left, right: width - 4 }, MAX_LABEL_ROWS);
  const rows = placed.reduce((max, p) => Math.max(max, p.row + 1), 0);
  const laneBottom = legend.bottom + 10 + rows * LABEL_ROW_HEIGHT;

  let top = laneBottom + PANEL_GAP - 6;
  const panels: PanelBox[] = PANEL_HEIGHTS.map((height) => {
    const box = { left, right, top, height, time };
    top += height + PANEL_GAP;
    return box;
  });
  const [weights, errors, latency] = panels as [PanelBox, PanelBox, PanelBox];
  const axisBottom = latency.top + latency.height;
  const spans = panels.map((p) => ({ top: p.top, bottom: p.top + p.height }));
  const secondsX = (s: number) => time.at(s);
  const height = axisBottom + (windows.length > 0 ? 58 : 40);

  return element(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      width,
      height,
      viewBox: `0 0 ${width} ${height}`,
      role: 'img',
      'aria-labelledby': `${TITLE_ID} ${DESC_ID}`,
      'font-family': 'system-ui, sans-serif',
    },
    element('title', { id: TITLE_ID }, escapeXml(chartTitle(timeline))),
    element('desc', { id: DESC_ID }, escapeXml(chartDescription(timeline, series))),
    `<style>${SVG_STYLE}</style>`,
    element('rect', { class: 'gl-surface', x: 0, y: 0, width, height }),
    showHeading ? heading : '',
    legend.markup,
    timeAxis(time.ticks, secondsX, panels),
    renderWindowBands(windows, secondsX, spans),
    element('g', { class: 'gl-panel gl-panel-weights' }, weightsPanel(series, weights)),
    element('g', { class: 'gl-panel gl-panel-errors' }, errorRatePanel(series, errors)),
    element('g', { class: 'gl-panel gl-panel-latency' }, latencyPanel(series, latency)),
    element(
      'g',
      { class: 'gl-markers' },
      renderMarkers(markers, placed, markerX, startMs, {
        laneBottom,
        rowHeight: LABEL_ROW_HEIGHT,
        panels: spans,
      }),
    ),
    renderWindowBrackets(windows, secondsX, axisBottom + 46),
  );
}

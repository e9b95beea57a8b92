/**
 * Marker lines and their labels. Labels sit in a lane above the panels, staggered over a
 * few rows so they never overlap each other; a line that has to run behind a label is masked
 * by the label's halo. When the lane is full, state labels are dropped first (their lines
 * stay, and the report's table lists every marker): alarm and rollback labels always go first.
 */

import { formatOffset } from './numbers.ts';
import { FONT, textWidth } from './svg-theme.ts';
import type { TimelineMarker } from './timeline.ts';
import { element, escapeXml, textElement } from './xml.ts';

/** A marker with its label's place in the lane (`row` 0 is nearest the panels). */
export interface PlacedLabel {
  readonly marker: TimelineMarker;
  readonly x: number;
  readonly row: number;
  readonly anchor: 'start' | 'end';
  readonly text: string;
  readonly from: number;
  readonly to: number;
}

const PRIORITY: Readonly<Record<TimelineMarker['kind'], number>> = {
  rollback: 0,
  alarm: 1,
  outcome: 2,
  state: 3,
};
const MAX_LABEL_CHARS = 30;
const GAP = 6;

/** A label shortened for the chart; the full text stays in the tooltip and the table. */
export function chartLabel(label: string): string {
  const chars = [...label.replace(/\s+/g, ' ').trim()];
  return chars.length > MAX_LABEL_CHARS ? `${chars.slice(0, MAX_LABEL_CHARS - 1).join('')}…` : chars.join('');
}

function overlapsInRow(
  candidate: Omit<PlacedLabel, 'marker' | 'text'>,
  placed: readonly PlacedLabel[],
): boolean {
  return placed.some(
    (p) => p.row === candidate.row && !(candidate.to + GAP <= p.from || p.to + GAP <= candidate.from),
  );
}

/** Whether a line would run behind another label (allowed, but only when no row avoids it). */
function crossesLine(
  candidate: Omit<PlacedLabel, 'marker' | 'text'>,
  placed: readonly PlacedLabel[],
): boolean {
  return placed.some((p) =>
    // A line runs from its label down to the panels, through every lower row.
    p.row > candidate.row
      ? p.x >= candidate.from - 2 && p.x <= candidate.to + 2
      : p.row < candidate.row && candidate.x >= p.from - 2 && candidate.x <= p.to + 2,
  );
}

/**
 * Places labels for `markers` (x from `xOf`) in at most `maxRows` rows between `left` and
 * `right`, most important first, each in the lowest row where it overlaps no other label,
 * preferring rows where no marker line runs behind it. Markers left out keep their line.
 */
export function placeMarkerLabels(
  markers: readonly TimelineMarker[],
  xOf: (marker: TimelineMarker) => number,
  bounds: { readonly left: number; readonly right: number },
  maxRows: number,
): PlacedLabel[] {
  const ordered = markers
    .map((marker, index) => ({ marker, index }))
    .sort((a, b) => PRIORITY[a.marker.kind] - PRIORITY[b.marker.kind] || a.index - b.index);
  const placed: PlacedLabel[] = [];
  for (const { marker } of ordered) {
    const text = chartLabel(marker.label);
    if (text === '') continue;
    const x = xOf(marker);
    const width = textWidth(text, FONT.small);
    const anchor = x + 3 + width <= bounds.right ? 'start' : 'end';
    const from = anchor === 'start' ? x : x - 3 - width;
    const to = anchor === 'start' ? x + 3 + width : x;
    const candidates = Array.from(
      { length: maxRows },
      (_, row) => ({ x, row, anchor, from, to }) as const,
    ).filter((c) => !overlapsInRow(c, placed));
    const best = candidates.find((c) => !crossesLine(c, placed)) ?? candidates[0];
    if (best !== undefined) placed.push({ ...best, marker, text });
  }
  return placed;
}

const LINE_STYLE: Readonly<Record<TimelineMarker['kind'], Readonly<Record<string, string | number>>>> = {
  state: { class: 'gl-state' },
  alarm: { class: 'gl-alarm-line' },
  rollback: { class: 'gl-rollback-line' },
  outcome: { class: 'gl-outcome' },
};

const LABEL_STYLE: Readonly<Record<TimelineMarker['kind'], Readonly<Record<string, string>>>> = {
  state: { class: 'gl-text' },
  alarm: { class: 'gl-text gl-strong gl-alarm-text' },
  rollback: { class: 'gl-text gl-strong gl-rollback-text' },
  outcome: { class: 'gl-text gl-strong' },
};

/** The vertical extents a marker line is drawn over (the lane and each panel). */
export interface MarkerGeometry {
  readonly laneBottom: number;
  readonly rowHeight: number;
  readonly panels: readonly { readonly top: number; readonly bottom: number }[];
}

/**
 * All marker lines (each with a tooltip), then the placed labels on top, so a label's halo
 * hides any line that runs behind it.
 */
export function renderMarkers(
  markers: readonly TimelineMarker[],
  placed: readonly PlacedLabel[],
  xOf: (marker: TimelineMarker) => number,
  startMs: number,
  geometry: MarkerGeometry,
): string {
  const baselineOf = (label: PlacedLabel) => geometry.laneBottom - label.row * geometry.rowHeight - 4;
  const lines = markers.map((marker) => {
    const x = xOf(marker);
    const label = placed.find((p) => p.marker === marker);
    const segments = geometry.panels.map((panel) => ({ y1: panel.top, y2: panel.bottom }));
    if (label !== undefined) segments.push({ y1: baselineOf(label) - 9, y2: geometry.laneBottom });
    const tooltip = `<title>${escapeXml(`${formatOffset((marker.atMs - startMs) / 1000)} · ${marker.kind}: ${marker.label}`)}</title>`;
    const drawn = segments.map((s) => element('line', { ...LINE_STYLE[marker.kind], x1: x, x2: x, ...s }));
    return element('g', { class: `gl-marker gl-marker-${marker.kind}` }, tooltip, ...drawn);
  });
  const labels = placed.map((label) => {
    const style = LABEL_STYLE[label.marker.kind];
    return textElement(
      {
        ...style,
        class: `${style.class} gl-halo`,
        x: label.anchor === 'start' ? label.x + 3 : label.x - 3,
        y: baselineOf(label),
        'text-anchor': label.anchor,
      },
      label.text,
    );
  });
  return lines.join('') + element('g', { class: 'gl-marker-labels' }, ...labels);
}

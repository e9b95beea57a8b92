/**
 * The chart's heading and legend. The legend wraps onto more rows when the chart is narrow,
 * and lists only what the chart actually shows (unattributed failures, detection window).
 */

import { COLOURS, FONT, textWidth } from './svg-theme.ts';
import { element, textElement } from './xml.ts';

/** Which optional legend entries apply. */
export interface LegendContent {
  readonly fromVersion: string;
  readonly toVersion: string;
  readonly unknownFailures: boolean;
  readonly detectionWindow: boolean;
  readonly restoreWindow: boolean;
}

type Swatch =
  | 'blue'
  | 'green'
  | 'failure'
  | 'unknown'
  | 'state'
  | 'alarm'
  | 'rollback'
  | 'detect'
  | 'restore';

const SWATCH_WIDTH = 18;

function swatch(kind: Swatch, x: number, y: number): string {
  const box = (fill: string, opacity: number) =>
    element('rect', { x, y: y - 8, width: SWATCH_WIDTH, height: 10, rx: 2, fill, 'fill-opacity': opacity });
  const rule = (attrs: Record<string, string | number>) =>
    element('line', { x1: x, x2: x + SWATCH_WIDTH, y1: y - 3, y2: y - 3, ...attrs });
  switch (kind) {
    case 'blue':
      return box(COLOURS.blue, 1);
    case 'green':
      return box(COLOURS.green, 1);
    case 'failure':
      return (
        box(COLOURS.failure, 0.25) +
        element('circle', { cx: x + 9, cy: y - 3, r: 2.5, fill: COLOURS.failure })
      );
    case 'unknown':
      return rule({ stroke: COLOURS.unknown, 'stroke-width': 1.75, 'stroke-dasharray': '4 3' });
    case 'state':
      return rule({ class: 'gl-state' });
    case 'alarm':
      return rule({ class: 'gl-alarm-line' });
    case 'rollback':
      return rule({ class: 'gl-rollback-line' });
    case 'detect':
      return box(COLOURS.failure, 0.14);
    case 'restore':
      return box(COLOURS.restore, 0.18);
  }
}

function shorten(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}

/**
 * The legend rows starting at `top`, flowing between `left` and `right`. Returns the markup
 * and the y just below the last row.
 */
export function renderLegend(
  content: LegendContent,
  bounds: { readonly left: number; readonly right: number; readonly top: number },
): { markup: string; bottom: number } {
  const entries: [Swatch, string][] = [
    ['blue', `blue · ${shorten(content.fromVersion, 24)}`],
    ['green', `green · ${shorten(content.toVersion, 24)}`],
    ['failure', 'failed requests'],
  ];
  if (content.unknownFailures) entries.push(['unknown', 'failed, colour unknown']);
  entries.push(['state', 'state change'], ['alarm', 'alarm'], ['rollback', 'rollback']);
  if (content.detectionWindow) entries.push(['detect', 'time to detect']);
  if (content.restoreWindow) entries.push(['restore', 'time to restore']);

  const rowHeight = 18;
  let x = bounds.left;
  let y = bounds.top + 10;
  const parts: string[] = [];
  for (const [kind, label] of entries) {
    const width = SWATCH_WIDTH + 6 + textWidth(label, FONT.small) + 16;
    if (x + width > bounds.right && x > bounds.left) {
      x = bounds.left;
      y += rowHeight;
    }
    parts.push(swatch(kind, x, y), textElement({ class: 'gl-text', x: x + SWATCH_WIDTH + 6, y }, label));
    x += width;
  }
  return { markup: element('g', { class: 'gl-legend' }, ...parts), bottom: y + 6 };
}

/** The heading: what was deployed, and how it ended, with the run's context on the right. */
export function renderHeading(
  title: string,
  context: string,
  bounds: { readonly left: number; readonly right: number; readonly baseline: number },
): string {
  const heading = textElement({ class: 'gl-text gl-heading', x: bounds.left, y: bounds.baseline }, title);
  const room = bounds.right - bounds.left - textWidth(title, FONT.title) - 24;
  const showContext = context !== '' && textWidth(context, FONT.small) <= room;
  return (
    heading +
    (showContext
      ? textElement(
          { class: 'gl-text gl-muted', x: bounds.right, y: bounds.baseline, 'text-anchor': 'end' },
          context,
        )
      : '')
  );
}

/**
 * The two windows a postmortem asks about, drawn as shaded bands across the panels with a
 * bracket under the time axis: time to detect (first green failure → rollback start) and
 * time to restore (rollback start → 100% on blue).
 */

import { formatSeconds } from './numbers.ts';
import { COLOURS } from './svg-theme.ts';
import type { SimulationTimeline } from './timeline.ts';
import { coord, element, textElement } from './xml.ts';

/** A window in seconds since the start. */
export interface TimeWindow {
  readonly kind: 'detect' | 'restore';
  readonly fromSeconds: number;
  readonly toSeconds: number;
  readonly label: string;
}

/** The windows implied by the first rollback marker and the summary's durations. */
export function incidentWindows(timeline: SimulationTimeline): TimeWindow[] {
  const rollback = timeline.markers.find((m) => m.kind === 'rollback');
  if (rollback === undefined || !Number.isFinite(rollback.atMs)) return [];
  const at = (rollback.atMs - timeline.startedAtMs) / 1000;
  const { timeToDetectSeconds: detect, timeToRestoreSeconds: restore } = timeline.summary;
  const windows: TimeWindow[] = [];
  if (detect !== null && Number.isFinite(detect) && detect > 0) {
    windows.push({
      kind: 'detect',
      fromSeconds: at - detect,
      toSeconds: at,
      label: `detect ${formatSeconds(detect)}`,
    });
  }
  if (restore !== null && Number.isFinite(restore) && restore > 0) {
    windows.push({
      kind: 'restore',
      fromSeconds: at,
      toSeconds: at + restore,
      label: `restore ${formatSeconds(restore)}`,
    });
  }
  return windows;
}

const FILL = {
  detect: { fill: COLOURS.failure, opacity: 0.08 },
  restore: { fill: COLOURS.restore, opacity: 0.12 },
};

/** Bands over each panel. */
export function renderWindowBands(
  windows: readonly TimeWindow[],
  xOf: (seconds: number) => number,
  panels: readonly { readonly top: number; readonly bottom: number }[],
): string {
  return windows
    .flatMap((w) =>
      panels.map((panel) =>
        element('rect', {
          x: xOf(w.fromSeconds),
          y: panel.top,
          width: Math.max(1, xOf(w.toSeconds) - xOf(w.fromSeconds)),
          height: panel.bottom - panel.top,
          fill: FILL[w.kind].fill,
          'fill-opacity': FILL[w.kind].opacity,
        }),
      ),
    )
    .join('');
}

/**
 * Brackets under the axis. The detect label hangs left of the rollback line and the restore
 * label right of it, so the two never collide however short the windows are.
 */
export function renderWindowBrackets(
  windows: readonly TimeWindow[],
  xOf: (seconds: number) => number,
  y: number,
): string {
  return windows
    .map((w) => {
      const x0 = xOf(w.fromSeconds);
      const x1 = Math.max(x0 + 1, xOf(w.toSeconds));
      const colour = w.kind === 'detect' ? COLOURS.failure : COLOURS.restore;
      const bracket = element('path', {
        d: `M${coord(x0)} ${coord(y - 12)}v4H${coord(x1)}v-4`,
        fill: 'none',
        stroke: colour,
        'stroke-width': 1.5,
      });
      const label = textElement(
        {
          class: 'gl-text gl-strong',
          x: w.kind === 'detect' ? x1 - 5 : x0 + 5,
          y: y + 4,
          'text-anchor': w.kind === 'detect' ? 'end' : 'start',
          style: `fill:${colour}`,
        },
        w.label,
      );
      return bracket + label;
    })
    .join('');
}

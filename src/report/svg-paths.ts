/**
 * Path builders for the chart: step areas for weights, lines with gaps for rates and
 * latencies. They take pixel positions and return SVG path data, nothing else.
 */

import { coord } from './xml.ts';

/** A horizontal span holding one value, in pixels. */
export interface StepSpan {
  readonly x0: number;
  readonly x1: number;
  readonly y: number;
}

/** A point whose `y` is `null` where there is no value: the line breaks there. */
export interface GapPoint {
  readonly x: number;
  readonly y: number | null;
}

/** The outline of a step function: `M` to the first span, then along every step. */
export function stepLinePath(spans: readonly StepSpan[]): string {
  let d = '';
  let previous: StepSpan | undefined;
  for (const s of spans) {
    // Consecutive seconds at the same weight extend one horizontal run: a smaller file.
    const continues =
      previous !== undefined && coord(previous.y) === coord(s.y) && coord(previous.x1) === coord(s.x0);
    if (!continues) d += `${previous === undefined ? 'M' : 'L'}${coord(s.x0)} ${coord(s.y)}`;
    else d = d.slice(0, d.lastIndexOf('H'));
    d += `H${coord(s.x1)}`;
    previous = s;
  }
  return d;
}

/** The area under a step function, down to `baselineY`; empty for no spans. */
export function stepAreaPath(spans: readonly StepSpan[], baselineY: number): string {
  const first = spans[0];
  const last = spans[spans.length - 1];
  if (first === undefined || last === undefined) return '';
  return `M${coord(first.x0)} ${coord(baselineY)}${stepLinePath(spans).replace(/^M/, 'L')}V${coord(baselineY)}Z`;
}

/** The runs of consecutive non-null points. */
export function runsOf(points: readonly GapPoint[]): { x: number; y: number }[][] {
  const runs: { x: number; y: number }[][] = [];
  let current: { x: number; y: number }[] = [];
  for (const p of points) {
    if (p.y === null || !Number.isFinite(p.y) || !Number.isFinite(p.x)) {
      if (current.length > 0) runs.push(current);
      current = [];
    } else {
      current.push({ x: p.x, y: p.y });
    }
  }
  if (current.length > 0) runs.push(current);
  return runs;
}

/** A polyline that breaks at every `null`. */
export function gapLinePath(points: readonly GapPoint[]): string {
  return runsOf(points)
    .map((run) => run.map((p, i) => `${i === 0 ? 'M' : 'L'}${coord(p.x)} ${coord(p.y)}`).join(''))
    .join('');
}

/** The area under {@link gapLinePath}, closed to `baselineY` for each run. */
export function gapAreaPath(points: readonly GapPoint[], baselineY: number): string {
  return runsOf(points)
    .map((run) => {
      const first = run[0]!;
      const last = run[run.length - 1]!;
      const top = run.map((p) => `L${coord(p.x)} ${coord(p.y)}`).join('');
      return `M${coord(first.x)} ${coord(baselineY)}${top}L${coord(last.x)} ${coord(baselineY)}Z`;
    })
    .join('');
}

import { describe, expect, it } from 'vitest';
import { chartLabel, placeMarkerLabels } from '../../src/report/svg-markers.ts';
import type { TimelineMarker } from '../../src/report/timeline.ts';

const xOf = (m: TimelineMarker) => m.atMs;

function markers(count: number, spacing: number, kind: TimelineMarker['kind'] = 'state'): TimelineMarker[] {
  return Array.from({ length: count }, (_, i) => ({ atMs: 100 + i * spacing, label: `State${i}`, kind }));
}

describe('placeMarkerLabels', () => {
  it('puts well-spaced labels on one row', () => {
    const placed = placeMarkerLabels(markers(4, 200), xOf, { left: 0, right: 1000 }, 4);

    expect(placed.map((p) => p.row)).toEqual([0, 0, 0, 0]);
  });

  it('never overlaps two labels in a row, and drops what does not fit', () => {
    const dense = markers(30, 5);

    const placed = placeMarkerLabels(dense, xOf, { left: 0, right: 1000 }, 3);

    expect(placed.length).toBeLessThan(dense.length);
    for (const a of placed) {
      for (const b of placed) {
        if (a !== b && a.row === b.row) expect(a.to <= b.from || b.to <= a.from).toBe(true);
      }
    }
    expect(Math.max(...placed.map((p) => p.row))).toBeLessThan(3);
  });

  it('places alarm and rollback labels before state labels', () => {
    const crowd = [
      ...markers(20, 4),
      { atMs: 140, label: 'alarm fired', kind: 'alarm' as const },
      { atMs: 150, label: 'rollback', kind: 'rollback' as const },
    ];

    const placed = placeMarkerLabels(crowd, xOf, { left: 0, right: 1000 }, 2);

    expect(placed.map((p) => p.marker.kind)).toEqual(expect.arrayContaining(['alarm', 'rollback']));
    expect(placed.find((p) => p.marker.kind === 'rollback')?.row).toBe(0);
  });

  it('anchors a label at the right edge to the end so it stays inside', () => {
    const [label] = placeMarkerLabels(
      [{ atMs: 990, label: 'Finish', kind: 'outcome' }],
      xOf,
      { left: 0, right: 1000 },
      2,
    );

    expect(label?.anchor).toBe('end');
    expect(label?.to).toBeLessThanOrEqual(1000);
  });
});

describe('chartLabel', () => {
  it('shortens long labels and collapses whitespace', () => {
    expect(chartLabel('  a\n  b ')).toBe('a b');
    expect(chartLabel('x'.repeat(40))).toBe(`${'x'.repeat(29)}…`);
  });
});

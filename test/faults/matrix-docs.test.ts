import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarios } from './matrix/scenarios.ts';
import { renderMatrixTable } from './matrix/table.ts';

/** The table as text, whatever padding the formatter gave its cells and rule. */
const normalised = (markdown: string): string =>
  markdown
    .trim()
    .split('\n')
    .map((line) =>
      line.startsWith('|')
        ? line
            .split('|')
            .map((cell) => cell.trim().replace(/^(:?)-+(:?)$/, '$1-$2'))
            .join('|')
        : line.trim(),
    )
    .join('\n');

describe('docs/fault-matrix.md', () => {
  it('lists every scenario of the fault matrix with its invariants (regenerate with the command in the file)', () => {
    const doc = readFileSync('docs/fault-matrix.md', 'utf8');
    const table = /<!-- table -->\n([\s\S]*?)<!-- \/table -->/.exec(doc)?.[1] ?? '';
    expect(normalised(table)).toBe(normalised(renderMatrixTable(scenarios)));
  });

  it('holds at least 30 scenarios, each named once', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(30);
    expect(new Set(scenarios.map((s) => s.name)).size).toBe(scenarios.length);
  });
});

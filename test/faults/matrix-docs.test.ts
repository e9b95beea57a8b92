import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generatedTable, normalisedMarkdown as normalised } from '../support/markdown-table.ts';
import { scenarios } from './matrix/scenarios.ts';
import { renderMatrixTable } from './matrix/table.ts';

describe('docs/fault-matrix.md', () => {
  it('lists every scenario of the fault matrix with its invariants (regenerate with the command in the file)', () => {
    const doc = readFileSync('docs/fault-matrix.md', 'utf8');
    expect(normalised(generatedTable(doc))).toBe(normalised(renderMatrixTable(scenarios)));
  });

  it('holds at least 30 scenarios, each named once', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(30);
    expect(new Set(scenarios.map((s) => s.name)).size).toBe(scenarios.length);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { presets } from '../../src/presets/index.ts';
import { renderPresetTable } from '../../src/presets/preset-table.ts';
import { generatedTable, normalisedMarkdown as normalised } from '../support/markdown-table.ts';

describe('docs/presets.md', () => {
  it('shows what every preset sets, as generated from the presets (regenerate with the command in the file)', () => {
    const doc = readFileSync('docs/presets.md', 'utf8');
    expect(normalised(generatedTable(doc))).toBe(normalised(renderPresetTable(presets)));
  });

  it('names every preset and its seed', () => {
    const doc = normalised(readFileSync('docs/presets.md', 'utf8'));
    for (const preset of presets)
      expect(doc).toContain(`|\`${preset.name}\`|${preset.seed.slice(0, 3)}|${preset.title}|`);
  });
});

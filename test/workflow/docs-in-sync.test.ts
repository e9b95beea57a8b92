import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { aslToMermaid } from '../../src/workflow/asl-to-mermaid.ts';

describe('docs/workflow.md', () => {
  it('shows the diagram of the current deploy.asl.json (regenerate it with the command in the file)', () => {
    const definition = JSON.parse(readFileSync('statemachines/deploy.asl.json', 'utf8'));
    const doc = readFileSync('docs/workflow.md', 'utf8');
    const diagram = /```mermaid\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
    expect(diagram.trim()).toBe(aslToMermaid(definition).trim());
  });
});

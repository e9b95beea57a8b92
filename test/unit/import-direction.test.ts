/**
 * Imports point one way: what runs on AWS (the handlers, the core, the ports, the AWS adapters,
 * the CDK app) never imports the local world. The local side may import anything.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

/** The local side: the world itself, its adapters, and what only runs it (simulate, the CLI, the local Step Functions). */
const localSide = [
  'src/local-world/',
  'src/adapters/local/',
  'src/simulate/',
  'src/cli/',
  'src/runtime/local-step-functions.ts',
  'src/runtime/run-execution.ts',
  'src/runtime/task-tokens.ts',
  'src/runtime/execution-status-event.ts',
  'src/dr/run-local-drill.ts',
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

describe('import direction', () => {
  it('keeps the local world out of everything that runs on AWS', () => {
    const offenders = ['src', 'functions', 'lib', 'bin']
      .flatMap((dir) => sourceFiles(join(root, dir)))
      .map((path) => relative(root, path))
      .filter((path) => !localSide.some((local) => path.startsWith(local)))
      .flatMap((path) =>
        [
          ...readFileSync(join(root, path), 'utf8').matchAll(
            /from '([^']*local-world\/[^']*)'|import\('([^']*local-world\/[^']*)'\)/g,
          ),
        ].map((match) => `${path} imports ${match[1] ?? match[2]}`),
      );
    expect(offenders).toEqual([]);
  });
});

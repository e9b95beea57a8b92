#!/usr/bin/env node
// Runs asl-validator on every statemachines/*.asl.json (the CLI takes paths, not globs).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const files = readdirSync('statemachines')
  .filter((name) => name.endsWith('.asl.json'))
  .map((name) => `statemachines/${name}`);
if (files.length === 0) {
  console.error('validate-asl: no statemachines/*.asl.json found');
  process.exit(1);
}
const result = spawnSync(
  'asl-validator',
  files.flatMap((file) => ['--json-path', file]),
  {
    stdio: 'inherit',
    shell: process.platform === 'win32',
  },
);
process.exit(result.status ?? 1);

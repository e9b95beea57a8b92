#!/usr/bin/env node
// The `greenlight` command. Greenlight is written in TypeScript; tsx compiles it on the fly so
// a fresh clone runs with `npm ci` alone, with no build step to forget.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);

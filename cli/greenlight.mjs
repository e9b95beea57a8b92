#!/usr/bin/env -S node --max-semi-space-size=64
// --max-semi-space-size: the twin makes many short-lived objects per request (HTTP messages,
// promises); with a 64 MB young generation a default `simulate` collects for 1.0 s instead of 2.4 s. It must
// be set when node starts, so it is here and in package.json's scripts.
//
// The `greenlight` command. `npm ci` builds the CLI into dist/cli (the `prepare` script), so a
// command starts in about a third of the time it takes to compile the TypeScript at each start.
// When the sources changed after that build, or GREENLIGHT_CLI_FROM_SOURCE=1 is set, tsx
// compiles src/ on the fly instead, so an edited checkout never runs stale code.
import { bundleEntry, bundleIsCurrent } from './bundle.mjs';

// Greenlight supports Node 20 (package.json engines), so the SDK's notice that its releases from
// January 2027 need Node 22 is not for the operator, and would print on every command.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

async function loadMain() {
  if (process.env.GREENLIGHT_CLI_FROM_SOURCE !== '1' && bundleIsCurrent()) {
    return (await import(bundleEntry)).main;
  }
  const { register } = await import('tsx/esm/api');
  register();
  return (await import('../src/cli/main.ts')).main;
}

const main = await loadMain();
process.exitCode = await main(process.argv);

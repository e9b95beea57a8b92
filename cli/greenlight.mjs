#!/usr/bin/env -S node --max-semi-space-size=64
// --max-semi-space-size: the twin makes many short-lived objects per request (HTTP messages,
// promises); with a 64 MB young generation a default `simulate` collects for 1.0 s instead of 2.4 s. It must
// be set when node starts, so it is here and in package.json's scripts.
// The `greenlight` command. Greenlight is written in TypeScript; tsx compiles it on the fly so
// a fresh clone runs with `npm ci` alone, with no build step to forget.
import { register } from 'tsx/esm/api';

// Greenlight supports Node 20 (package.json engines), so the SDK's notice that its releases from
// January 2027 need Node 22 is not for the operator, and would print on every command.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);

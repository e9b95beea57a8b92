#!/usr/bin/env node
// Builds the `greenlight` CLI into dist/cli: one ES module per lazily loaded command (esbuild's
// code splitting), with the npm packages left as imports. Run by `npm ci` (the `prepare`
// script) and by `npm run build`.
//
//   node scripts/build-cli.mjs [--outdir <dir>]
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { bundleDir, sourceDir } from '../cli/bundle.mjs';

const args = process.argv.slice(2);
const outdir = args.includes('--outdir') ? resolve(args[args.indexOf('--outdir') + 1]) : bundleDir;

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  // tsx depends on esbuild, so this only happens on an unusual install; the CLI still works.
  console.warn('build-cli: esbuild is not installed; the CLI will compile its TypeScript at each start');
  process.exit(0);
}

const started = performance.now();
rmSync(outdir, { recursive: true, force: true });
await esbuild.build({
  entryPoints: [`${sourceDir}/cli/main.ts`],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
console.log(`build-cli: built ${outdir} in ${Math.round(performance.now() - started)} ms`);

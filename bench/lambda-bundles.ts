/**
 * Bundle size and cold load time of every Lambda entry, with the AWS SDK v3 bundled and
 * with it left external (provided by the Lambda runtime).
 *
 *   npx tsx bench/lambda-bundles.ts [--runs 7] [--only preflight,verify]
 *
 * Bundles with esbuild's JS API using the same options as the CDK construct (ESM, minified,
 * node target), writes each bundle to a temp folder whose node_modules points at ours (so an
 * external SDK resolves like the runtime's copy would), then times `await import(bundle)` in a
 * fresh `node` process, several times, and reports the median. Load time includes module
 * evaluation, i.e. creating the adapters from dummy environment variables; no AWS call is made.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { lambdaBundleAliases } from '../lib/step-function-factory.ts';
import { envNames } from '../src/adapters/aws/stack-env.ts';
import { drEnvNames } from '../src/dr/aws-dr-ports.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const banner =
  "import{createRequire as __greenlightRequire}from'module';const require=__greenlightRequire(import.meta.url);";
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 7;
const only = args.includes('--only') ? new Set((args[args.indexOf('--only') + 1] ?? '').split(',')) : null;

const dummyEnv = {
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'example',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  [envNames.environment]: 'production',
  [envNames.tableName]: 'greenlight-production',
  [envNames.topicInfo]: 'arn:aws:sns:eu-west-1:123456789012:i',
  [envNames.topicWarning]: 'arn:aws:sns:eu-west-1:123456789012:w',
  [envNames.topicCritical]: 'arn:aws:sns:eu-west-1:123456789012:c',
  [envNames.serviceTargetGroups]: '{}',
  // The signed-link endpoint reads its HMAC key at cold start (locally from the environment).
  GREENLIGHT_APPROVAL_KEY: 'bench-key-0123456789abcdef0123456789abcdef',
  [drEnvNames.securityGroupId]: 'sg-0123456789abcdef0',
};

/** The entry of each function: its index.ts, and the approval API's. */
function entries(): { name: string; entry: { path: string } }[] {
  const names = readdirSync(join(root, 'functions'))
    .filter((name) => existsSync(join(root, 'functions', name, 'index.ts')))
    .filter((name) => !only || only.has(name));
  const list = names.map((name) => ({ name, entry: { path: join(root, 'functions', name, 'index.ts') } }));
  if (!only || only.has('approval-api')) {
    list.push({
      name: 'approval-api',
      entry: { path: join(root, 'src/adapters/aws/approval-endpoint-handler.ts') },
    });
  }
  return list;
}

async function bundle(entry: { path: string }, outfile: string, bundleSdk: boolean) {
  const result = await build({
    entryPoints: [entry.path],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    minify: true,
    mainFields: ['module', 'main'],
    banner: { js: banner },
    external: bundleSdk ? [] : ['@aws-sdk/*', '@smithy/*'],
    alias: lambdaBundleAliases(root, bundleSdk),
    metafile: true,
    logLevel: 'silent',
  });
  return Object.values(result.metafile.outputs)[0]?.bytes ?? 0;
}

function loadMs(file: string): number {
  const script = `const t=performance.now();await import(${JSON.stringify(file)});process.stdout.write(String(performance.now()-t));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH, ...dummyEnv },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return Number(out);
}

/** Wall time of a whole fresh process: `node -e 0`, or one that imports `file` (a cold start's share that is ours). */
function processMs(file?: string): number {
  const args = file ? ['--input-type=module', '-e', `await import(${JSON.stringify(file)})`] : ['-e', '0'];
  const start = performance.now();
  execFileSync(process.execPath, args, { env: { PATH: process.env.PATH, ...dummyEnv }, stdio: 'ignore' });
  return performance.now() - start;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

const work = mkdtempSync(join(tmpdir(), 'greenlight-bundles-'));
symlinkSync(join(root, 'node_modules'), join(work, 'node_modules'));
writeFileSync(join(work, 'package.json'), '{"type":"module"}');
const rows: string[] = [];
const sizes: number[] = [];
const ratios: number[] = [];
try {
  for (const { name, entry } of entries()) {
    const cells: string[] = [name];
    for (const bundleSdk of [true, false]) {
      const dir = join(work, `${name}-${bundleSdk ? 'bundled' : 'external'}`);
      mkdirSync(dir);
      const file = join(dir, 'index.mjs');
      const bytes = await bundle(entry, file, bundleSdk);
      try {
        loadMs(file); // warm the OS file cache once, as Lambda's image is on local disk
        const ms = median(Array.from({ length: runs }, () => loadMs(file)));
        cells.push(`${(bytes / 1024).toFixed(0)} KB`, ms.toFixed(1));
        if (bundleSdk) {
          // Side by side, alternating, so load on the machine falls on both alike.
          const bare: number[] = [];
          const loaded: number[] = [];
          for (let run = 0; run < runs; run++) {
            bare.push(processMs());
            loaded.push(processMs(file));
          }
          const ratio = median(loaded) / median(bare);
          cells.push(`${ratio.toFixed(2)}×`);
          sizes.push(bytes);
          ratios.push(ratio);
        }
      } catch {
        // A handler that needs more configuration than the dummy environment gives.
        cells.push(`${(bytes / 1024).toFixed(0)} KB`, 'fails at import');
        if (bundleSdk) cells.push('-');
      }
    }
    rows.push(`| ${cells.join(' | ')} |`);
    process.stderr.write(`${rows.at(-1)}\n`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`Node ${process.version}, median of ${runs} fresh processes per figure\n`);
console.log(
  '| function | SDK bundled (as shipped): size | import ms | cold start ÷ `node -e 0` | SDK external: size | import ms |',
);
console.log('|---|---:|---:|---:|---:|---:|');
for (const row of rows) console.log(row);
if (sizes.length > 0) {
  console.log(
    `\nLargest bundle ${(Math.max(...sizes) / 1024).toFixed(0)} KB (goal 250 KB); worst cold start ${Math.max(...ratios).toFixed(2)}× a bare node process (goal 1.5×); median ${median(ratios).toFixed(2)}×`,
  );
}

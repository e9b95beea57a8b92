/**
 * How long the `greenlight` command takes to start, as a ratio to a bare `node -e 0` measured
 * in the same run, alternating so that load on the machine falls on both alike.
 *
 *   npx tsx bench/cli-start.ts [--runs 7]
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 7;
const cli = fileURLToPath(new URL('../cli/greenlight.mjs', import.meta.url));
const commands: readonly (readonly string[])[] = [
  ['--help'],
  ['plan', '--service', 'shop', '--environment', 'production', '--release-type', 'minor'],
  ['status', '--help'],
];

function wallMs(args: readonly string[]): number {
  const start = performance.now();
  execFileSync(process.execPath, [...args], {
    stdio: 'ignore',
    cwd: fileURLToPath(new URL('..', import.meta.url)),
  });
  return performance.now() - start;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

// What `npm ci` leaves: the built CLI (an edited checkout would otherwise time the tsx fallback).
// @ts-expect-error: a plain .mjs module shared with the launcher, without type declarations
const { bundleIsCurrent } = await import('../cli/bundle.mjs');
if (!bundleIsCurrent()) execFileSync(process.execPath, ['scripts/build-cli.mjs'], { stdio: 'inherit' });
wallMs([cli, '--help']); // warm the OS file cache once
console.log(`Node ${process.version}, median of ${runs} fresh processes each, alternating with node -e 0\n`);
console.log('| command | wall ms | node -e 0 ms | ratio |');
console.log('|---|---:|---:|---:|');
for (const command of commands) {
  const bare: number[] = [];
  const ours: number[] = [];
  for (let run = 0; run < runs; run++) {
    bare.push(wallMs(['-e', '0']));
    ours.push(wallMs([cli, ...command]));
  }
  const [b, o] = [median(bare), median(ours)];
  console.log(
    `| greenlight ${command.join(' ')} | ${o.toFixed(0)} | ${b.toFixed(0)} | ${(o / b).toFixed(1)}× |`,
  );
}
console.log('\nGoal: --help and plan in at most 500 ms of wall time.');

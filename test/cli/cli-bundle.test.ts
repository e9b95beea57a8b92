/**
 * The built CLI (scripts/build-cli.mjs, run by `npm ci`) is the same program as the TypeScript
 * sources: the same output and exit codes, and the shipped files (package.json, the ASL, the
 * sample migrations) found from dist/ as from src/. It is built here into a directory of its own,
 * so the test neither depends on nor disturbs the checkout's dist/.
 */
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
const outdir = `${root}node_modules/.cache/greenlight/cli-bundle-test-${process.pid}`;

type Result = { code: number; stdout: string; stderr: string };
const settle = (promise: Promise<{ stdout: string; stderr: string }>): Promise<Result> =>
  promise.then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: Result) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );

const fromBundle = (args: string[]) =>
  settle(
    run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { main } = await import(${JSON.stringify(`${outdir}/main.js`)}); process.exitCode = await main(process.argv.slice(1));`,
        '--',
        ...args,
      ],
      { cwd: root, timeout: 60_000 },
    ),
  );
const fromSource = (args: string[]) =>
  settle(
    run(process.execPath, [`${root}cli/greenlight.mjs`, ...args], {
      cwd: root,
      timeout: 60_000,
      env: { ...process.env, GREENLIGHT_CLI_FROM_SOURCE: '1' },
    }),
  );

beforeAll(async () => {
  await run(process.execPath, [`${root}scripts/build-cli.mjs`, '--outdir', outdir], { timeout: 60_000 });
}, 90_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('the built CLI', () => {
  it.each([
    [['--help']],
    [['-V']],
    [
      [
        'plan',
        '--service',
        'shop',
        '--environment',
        'staging',
        '--release-type',
        'patch',
        '--version',
        '1.2.0',
      ],
    ],
    [['plan', '--service', 'shop', '--environment', 'nowhere', '--release-type', 'minor']],
    [['status', 'dep-1', '--no-such-flag']],
  ])(
    'behaves as the sources do for %j',
    async (args) => {
      // Act
      const [built, source] = await Promise.all([
        fromBundle(['node', 'greenlight', ...args]),
        fromSource(args),
      ]);

      // Assess: the plan prints the time it was made, so compare it with the clock masked
      const mask = (text: string) =>
        text.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '<time>').replace(/\b\w{3} \d\d:\d\d\b/g, '<t>');
      expect(built.code).toBe(source.code);
      expect(mask(built.stdout)).toBe(mask(source.stdout));
      expect(mask(built.stderr)).toBe(mask(source.stderr));
      expect(built.stdout.length + built.stderr.length).toBeGreaterThan(0);
    },
    120_000,
  );
});

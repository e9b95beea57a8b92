/**
 * The `greenlight` command as a user runs it (cli/greenlight.mjs in a fresh process): its help
 * documents the exit codes it returns, and an operator command prints no SDK warning on Node 20.
 */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const cli = new URL('../../cli/greenlight.mjs', import.meta.url).pathname;

async function greenlight(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: _set, ...env } = process.env;
  return run(process.execPath, [cli, ...args], { env, timeout: 60_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );
}

describe('the greenlight command', () => {
  it('documents its exit codes in --help', async () => {
    const { code, stdout } = await greenlight('--help');
    expect(code).toBe(0);
    expect(stdout).toContain('Exit codes:');
    expect(stdout).toMatch(/2 {2}bad usage/);
  }, 60_000);

  it('exits 2 naming an unknown flag, and 1 when an operator command cannot reach its endpoint, with no SDK warning', async () => {
    // Act
    const usage = await greenlight('status', 'dep-1', '--no-such-flag');
    const unreachable = await greenlight(
      'status',
      'dep-1',
      '--endpoint',
      'http://127.0.0.1:9',
      '--region',
      'us-east-1',
    );

    // Assess
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--no-such-flag');
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/greenlight: /);
    expect(unreachable.stderr).not.toContain('NodeVersionSupportWarning');
  }, 120_000);

  it.each([
    [['--plan', '100,50'], 'traffic plan "100,50"'],
    [['--plan', '10,fifty'], 'token 2 is "fifty"'],
    [['--bake', '0'], '--bake'],
    [['--standby', 'soon'], '--standby'],
    [['--time-scale', '0'], '--time-scale'],
    [['--rps', '-5'], '--rps'],
    [['--preset', 'vioe', '--plan', '10,100'], '--plan: the preset "vioe" sets it'],
    [
      ['--preset', 'vioe', '--environment', 'qa'],
      '--environment: "qa" is not in the "vioe" preset (it has: dev, staging, production)',
    ],
    [['--environment', 'production'], '--environment: it picks an environment of --preset or --config'],
    [['--preset', 'nope'], 'nope'],
  ])(
    'serve %j exits 2 before starting anything, naming the flag',
    async (flags, named) => {
      const { code, stderr } = await greenlight('serve', '--in-memory', '--port', '0', ...flags);
      expect(code).toBe(2);
      expect(stderr).toContain(named);
    },
    60_000,
  );
});

describe('greenlight serve --preset', () => {
  it("serves the preset's policy of the chosen environment, saying what Preflight would decide now", async () => {
    // Act: start it, read its banner, stop it.
    const child = spawn(process.execPath, [
      cli,
      'serve',
      '--preset',
      'btc-vault',
      '--environment',
      'staging',
      '--in-memory',
      '--port',
      '0',
    ]);
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk) => {
        out += chunk;
        if (out.includes('Ctrl-C stops it.')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`serve exited ${code} before it was up: ${out}`)));
    });
    child.kill('SIGINT');
    await new Promise((resolve) => child.once('exit', resolve));

    // Assess: btc-vault's staging has no windows, notice or approvals: every type may go.
    expect(out).toContain('policy:                  the staging environment of the "btc-vault" preset');
    for (const releaseType of ['major', 'minor', 'patch', 'hotfix'])
      expect(out).toMatch(new RegExp(`${releaseType} +may deploy now`));
  }, 120_000);
});

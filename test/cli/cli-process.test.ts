/**
 * The `greenlight` command as a user runs it (cli/greenlight.mjs in a fresh process): its help
 * documents the exit codes it returns, and an operator command prints no SDK warning on Node 20.
 */
import { execFile } from 'node:child_process';
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

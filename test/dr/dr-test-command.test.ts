import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerDrTestCommand } from '../../src/cli/commands/dr-test.ts';

/** Runs `greenlight dr-test …` on the embedded PGlite; returns the exit code and the output. */
async function drTest(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const program = new Command('greenlight').exitOverride().configureOutput({ writeOut: (t) => (out += t) });
  registerDrTestCommand(program, { env: {} });
  try {
    await program.parseAsync(['node', 'greenlight', 'dr-test', ...args]);
    return { code: 0, out };
  } catch (error) {
    if (error instanceof CommanderError) return { code: error.exitCode, out };
    throw error;
  }
}

describe('Command: greenlight dr-test', () => {
  it('passes on the embedded database and prints RTO, RPO, integrity and cleanup', async () => {
    const { code, out } = await drTest(['--tables', 'orders']);
    expect(code).toBe(0);
    expect(out).toMatch(/RTO: pass/);
    expect(out).toMatch(/RPO: pass/);
    expect(out).toMatch(/match: orders: 5 rows, checksum matches/);
    expect(out).toMatch(/Cleanup: deleted/);
  });

  it('exits 1 with --corrupt, reporting the damaged table, and still cleans up', async () => {
    const { code, out } = await drTest(['--corrupt', '--json']);
    const parsed = JSON.parse(out);
    expect(code).toBe(1);
    expect(parsed.report).toMatchObject({ outcome: 'failed', cleanup: { status: 'deleted' } });
    expect(parsed.report.verdict.failures).toEqual(['integrity failed: orders: 4 rows, expected 5']);
  });
});

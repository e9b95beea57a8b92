import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerSnapshotsCommand } from '../../src/cli/commands/snapshots.ts';
import { AccessDeniedError } from '../../src/errors.ts';
import { FakeSnapshotCatalog, tagged } from './fake-catalog.ts';

const past = '2026-03-01T00:00:00.000Z';
const future = '2026-03-20T00:00:00.000Z';

/** Runs `greenlight snapshots prune …` against `catalog`; returns the exit code and the output. */
async function prune(
  catalog: FakeSnapshotCatalog,
  args: string[],
): Promise<{ code: number; out: string; aws: unknown[] }> {
  let out = '';
  const aws: unknown[] = [];
  const program = new Command('greenlight').exitOverride().configureOutput({
    writeOut: (t) => (out += t),
    writeErr: () => {},
  });
  registerSnapshotsCommand(program, {
    catalog: (options) => {
      aws.push(options);
      return catalog;
    },
    clock: { nowMs: () => Date.parse('2026-03-10T00:00:00Z') },
  });
  try {
    await program.parseAsync(['node', 'greenlight', 'snapshots', 'prune', ...args]);
    return { code: 0, out, aws };
  } catch (error) {
    // As main.ts does: commander's own parse errors are bad usage (2).
    if (error instanceof CommanderError) {
      return { code: error.code.startsWith('commander.') ? 2 : error.exitCode, out, aws };
    }
    throw error;
  }
}

describe('Command: greenlight snapshots prune', () => {
  it('deletes the expired snapshots and prints one line each (exit 0)', async () => {
    const catalog = new FakeSnapshotCatalog([tagged('old', past), tagged('new', future)]);
    const { code, out, aws } = await prune(catalog, ['--region', 'eu-west-1', '--profile', 'ops']);
    expect(code).toBe(0);
    expect(catalog.deleted).toEqual(['old']);
    expect(out).toMatch(/deleted old: retention ended 2026-03-01/);
    expect(out).toMatch(/kept new: retained until 2026-03-20/);
    expect(out).toMatch(/1 deleted, 0 failed, 1 kept/);
    expect(aws).toEqual([{ region: 'eu-west-1', profile: 'ops' }]);
  });

  it('deletes nothing with --dry-run and reports JSON', async () => {
    const catalog = new FakeSnapshotCatalog([tagged('old', past)]);
    const { code, out } = await prune(catalog, ['--dry-run', '--json']);
    expect(code).toBe(0);
    expect(catalog.deleted).toEqual([]);
    expect(JSON.parse(out)).toMatchObject({
      ok: true,
      dryRun: true,
      expired: [{ snapshotId: 'old' }],
      deleted: [],
    });
  });

  it('keeps --protect deployments and narrows by --service', async () => {
    const catalog = new FakeSnapshotCatalog([
      tagged('a', past, { deploymentId: 'd-a' }),
      tagged('b', past, { deploymentId: 'd-b' }),
      tagged('c', past, { service: 'cart' }),
    ]);
    const { code } = await prune(catalog, ['--service', 'shop', '--protect', 'd-a']);
    expect(code).toBe(0);
    expect(catalog.deleted).toEqual(['b']);
  });

  it('exits 1 when a deletion fails, after the others', async () => {
    const catalog = new FakeSnapshotCatalog(
      [tagged('a', past), tagged('b', past)],
      new Map([['a', new AccessDeniedError('no')]]),
    );
    const { code, out } = await prune(catalog, []);
    expect(code).toBe(1);
    expect(catalog.deleted).toEqual(['b']);
    expect(out).toMatch(/failed a: AccessDeniedError: no/);
  });

  it('exits 1 when the listing fails', async () => {
    const catalog = new FakeSnapshotCatalog([]);
    catalog.listGreenlightSnapshots = async () => Promise.reject(new AccessDeniedError('denied'));
    const { code, out } = await prune(catalog, ['--json']);
    expect(code).toBe(1);
    expect(JSON.parse(out)).toMatchObject({
      ok: false,
      error: { name: 'AccessDeniedError', message: 'denied' },
    });
  });

  it.each([[['--service', ' ']], [['--unknown']]])('exits 2 on bad usage %j', async (args) => {
    const { code } = await prune(new FakeSnapshotCatalog([]), args);
    expect(code).toBe(2);
  });
});

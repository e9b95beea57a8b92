/**
 * The two thin ways into the engine: the `Migrator` port (what the Migrate and Rollback steps
 * call) and the `greenlight db` command (what operators run).
 */
import { writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { beforeEach, describe, expect, it } from 'vitest';
import { registerDbCommand } from '../../../src/cli/commands/db.ts';
import { createSqlMigratorPort } from '../../../src/db/sql-migrator-port.ts';
import { MigrationFailedError } from '../../../src/errors.ts';
import type { ServiceBinding } from '../../../src/schema/config.ts';
import { CONTRACT, EXPAND, type SuiteContext, unclosable } from '../backends.ts';

const files = {
  '001_create_a.up.sql': `${EXPAND}CREATE TABLE a (id int);`,
  '001_create_a.down.sql': 'DROP TABLE a;',
  '002_create_b.up.sql': `${EXPAND}CREATE TABLE b (id int);`,
  '002_create_b.down.sql': 'DROP TABLE b;',
};
const binding = { database: { id: 'shop-db', kind: 'instance' } } as ServiceBinding;

/** The port and the CLI command on one backend; `ctx` gives each test a fresh sandbox. */
export function describeEntryPoints(ctx: SuiteContext): void {
  let dir: string;
  beforeEach(async () => {
    dir = await ctx.folder(files);
  });

  describe('Function: createSqlMigratorPort', () => {
    it('migrates from a relative location and reverts what the deployment applied', async () => {
      const reached: ServiceBinding[] = [];
      const port = createSqlMigratorPort({
        connect: async (service) => {
          reached.push(service);
          return ctx.sandbox.db;
        },
        baseDir: dirname(dir),
      });
      const request = { location: basename(dir), deploymentId: 'dep-1' };

      const report = await port.migrate(binding, request);
      const reverted = await port.revert(binding, request);

      expect(report.applied.map((m) => m.id)).toEqual(['001_create_a', '002_create_b']);
      expect(reverted).toEqual(['002_create_b', '001_create_a']);
      expect(reached).toEqual([binding, binding]);
    });

    it('passes the approval per service and closes the database when asked', async () => {
      await writeFile(join(dir, '003_drop_b.up.sql'), `${CONTRACT}DROP TABLE b;`);
      const database = unclosable(ctx.sandbox.db);
      const connect = async () => database;
      const refusing = createSqlMigratorPort({
        connect,
        closeAfterUse: true,
        allowBlueIncompatible: () => false,
      });
      const approved = createSqlMigratorPort({ connect, closeAfterUse: true, allowBlueIncompatible: true });

      await expect(refusing.migrate(binding, { location: dir, deploymentId: 'd' })).rejects.toThrow(
        MigrationFailedError,
      );
      const report = await approved.migrate(binding, { location: dir, deploymentId: 'd' });

      expect(report.applied.at(-1)).toEqual(
        expect.objectContaining({ id: '003_drop_b', blueCompatible: false }),
      );
      expect(database.closed).toBe(2);
    });
  });

  describe('Command: greenlight db', () => {
    /** Runs `greenlight db ...` the way main does, returning the exit code and the output. */
    async function cli(
      args: string[],
      env: Record<string, string | undefined> = { DATABASE_URL: 'postgres://x' },
    ) {
      let out = '';
      let err = '';
      const program = new Command('greenlight')
        .exitOverride()
        .configureOutput({ writeOut: (text) => (out += text), writeErr: (text) => (err += text) });
      registerDbCommand(program, {
        env,
        // The command closes what it opens; the sandbox outlives it.
        openDatabase: async () => unclosable(ctx.sandbox.db),
      });
      try {
        await program.parseAsync(['db', ...args], { from: 'user' });
        return { code: 0, out, err };
      } catch (error) {
        if (error instanceof CommanderError) return { code: error.exitCode, out, err };
        throw error;
      }
    }

    it('shows pending migrations, applies them, then shows them applied', async () => {
      const before = await cli(['status', '--dir', dir]);
      const migrate = await cli(['migrate', '--dir', dir, '--deployment-id', 'dep-1']);
      const after = await cli(['status', '--dir', dir]);

      expect(before).toMatchObject({ code: 0 });
      expect(before.out).toMatch(/001_create_a\s+pending\s+blue-compatible/);
      expect(migrate).toMatchObject({ code: 0 });
      expect(migrate.out).toContain('2 applied, 0 already applied (deployment dep-1)');
      expect(after.out).toMatch(/002_create_b\s+applied\s+blue-compatible\s+\S+Z\s+dep-1/);
      expect(after.out).toContain('2 applied, 0 pending, 0 drifted');
    });

    it('prints JSON with --json and flags drift, then refuses to migrate with exit code 1', async () => {
      await cli(['migrate', '--dir', dir]);
      await writeFile(join(dir, '001_create_a.up.sql'), `${EXPAND}CREATE TABLE a (id bigint);`);

      const status = await cli(['status', '--dir', dir, '--json']);
      const table = await cli(['status', '--dir', dir]);
      const migrate = await cli(['migrate', '--dir', dir, '--json']);

      expect(JSON.parse(status.out).drifted).toEqual([expect.objectContaining({ id: '001_create_a' })]);
      expect(table.out).toMatch(/001_create_a\s+DRIFTED/);
      expect(migrate.code).toBe(1);
      expect(JSON.parse(migrate.out)).toMatchObject({ ok: false, error: { name: 'MigrationFailedError' } });
      expect(migrate.err).toContain('Never edit an applied migration');
    });

    it('rolls back the last step, or what one deployment applied', async () => {
      await cli(['migrate', '--dir', dir, '--deployment-id', 'dep-1']);

      const last = await cli(['rollback', '--dir', dir, '--steps', '1', '--json']);
      const deployment = await cli(['rollback', '--dir', dir, '--deployment-id', 'dep-1']);

      expect(JSON.parse(last.out)).toEqual({ ok: true, reverted: ['002_create_b'] });
      expect(deployment).toMatchObject({ code: 0, out: 'reverted  001_create_a\n1 reverted\n' });
    });

    it.each([
      ['no database URL', ['status', '--dir', '.'], {}, 'no database given: pass --database-url'],
      ['a missing --dir', ['status'], undefined, "required option '--dir <dir>' not specified"],
      ['an unknown option', ['migrate', '--dir', '.', '--force'], undefined, "unknown option '--force'"],
      ['--steps 0', ['rollback', '--dir', '.', '--steps', '0'], undefined, 'at least 1, got "0"'],
      [
        'both --steps and --deployment-id',
        ['rollback', '--dir', '.', '--steps', '1', '--deployment-id', 'd'],
        undefined,
        'not both',
      ],
    ])('exits with 2 on %s', async (_, args, env, message) => {
      const result = await cli(args, env);

      expect(result.code).toBe(2);
      expect(result.err).toContain(message);
    });

    it('takes the URL from --database-url when DATABASE_URL is unset', async () => {
      const result = await cli(['status', '--dir', dir, '--database-url', 'postgres://y'], {});

      expect(result).toMatchObject({ code: 0 });
    });
  });
}

/** The migration engine against one backend: every rule of the brief, on real PostgreSQL. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { SqlDatabase } from '../../../src/db/engine/sql-database.ts';
import { sha256 } from '../../../src/db/migration-files.ts';
import { createSqlMigrator } from '../../../src/db/sql-migrator.ts';
import { MigrationFailedError } from '../../../src/errors.ts';
import { ensureAppSchema } from '../../../src/local-world/db/app-schema.ts';
import { CONTRACT, EXPAND, type SuiteContext } from '../backends.ts';

const twoTables = {
  '001_create_a.up.sql': `${EXPAND}CREATE TABLE a (id int PRIMARY KEY);`,
  '001_create_a.down.sql': 'DROP TABLE a;',
  '002_create_b.up.sql': `${EXPAND}CREATE TABLE b (id int PRIMARY KEY);`,
  '002_create_b.down.sql': 'DROP TABLE b;',
};

async function tableExists(db: SqlDatabase, name: string): Promise<boolean> {
  const { rows } = await db.query<{ found: string | null }>('SELECT to_regclass($1)::text AS found', [name]);
  return rows[0]?.found != null;
}

async function rows(db: SqlDatabase) {
  return (
    await db.query<{ id: string; checksum: string; blue_compatible: boolean; applied_by_deployment: string }>(
      'SELECT id, checksum, blue_compatible, applied_by_deployment FROM greenlight_migrations ORDER BY id',
    )
  ).rows;
}

/** The engine's behaviour on one backend; `ctx` gives each test a fresh sandbox. */
export function describeEngine(ctx: SuiteContext): void {
  let db: SqlDatabase;
  const folder = (files: Record<string, string>) => ctx.folder(files);
  beforeEach(() => {
    db = ctx.sandbox.db;
  });

  describe('Method: migrate', () => {
    it('applies pending migrations in order and stores each checksum', async () => {
      const dir = await folder(twoTables);

      const report = await createSqlMigrator(db).migrate(dir, { deploymentId: 'dep-1' });

      expect(report).toEqual({
        applied: [
          { id: '001_create_a', checksum: sha256(twoTables['001_create_a.up.sql']), blueCompatible: true },
          { id: '002_create_b', checksum: sha256(twoTables['002_create_b.up.sql']), blueCompatible: true },
        ],
        alreadyApplied: 0,
      });
      expect(await rows(db)).toEqual([
        expect.objectContaining({
          id: '001_create_a',
          checksum: report.applied[0]!.checksum,
          blue_compatible: true,
        }),
        expect.objectContaining({ id: '002_create_b', applied_by_deployment: 'dep-1' }),
      ]);
      const status = await createSqlMigrator(db).status(dir);
      expect(status.applied.map((m) => m.id)).toEqual(['001_create_a', '002_create_b']);
      expect(status.pending).toEqual([]);
      expect(status.drifted).toEqual([]);
    });

    it('is a no-op when run again', async () => {
      const dir = await folder(twoTables);
      const migrator = createSqlMigrator(db);
      await migrator.migrate(dir, { deploymentId: 'dep-1' });
      const before = await rows(db);

      const again = await migrator.migrate(dir, { deploymentId: 'dep-2' });

      expect(again).toEqual({ applied: [], alreadyApplied: 2 });
      expect(await rows(db)).toEqual(before);
    });

    it('rolls back a migration that fails halfway, keeps earlier ones, and names the file', async () => {
      const dir = await folder({
        ...twoTables,
        '002_create_b.up.sql': `${EXPAND}CREATE TABLE b (id int);\nINSERT INTO no_such_table VALUES (1);`,
        '003_create_c.up.sql': `${EXPAND}CREATE TABLE c (id int);`,
      });

      const run = createSqlMigrator(db).migrate(dir, { deploymentId: 'dep-1' });

      await expect(run).rejects.toThrow(MigrationFailedError);
      await expect(run).rejects.toThrow(/002_create_b\.up\.sql failed and was rolled back completely/);
      await expect(run).rejects.toThrow(/relation "no_such_table" does not exist \(SQLSTATE 42P01\)/);
      expect(await tableExists(db, 'a')).toBe(true);
      expect(await tableExists(db, 'b')).toBe(false);
      expect(await tableExists(db, 'c')).toBe(false);
      expect((await rows(db)).map((row) => row.id)).toEqual(['001_create_a']);
      const status = await createSqlMigrator(db).status(dir);
      expect(status.pending.map((m) => m.id)).toEqual(['002_create_b', '003_create_c']);
    });

    it('refuses the whole run when an applied file changed, naming the file and both checksums', async () => {
      const dir = await folder({ '001_create_a.up.sql': twoTables['001_create_a.up.sql'] });
      await createSqlMigrator(db).migrate(dir, { deploymentId: 'dep-1' });
      const edited = `${EXPAND}CREATE TABLE a (id bigint PRIMARY KEY);`;
      await writeFile(join(dir, '001_create_a.up.sql'), edited);
      await writeFile(join(dir, '002_create_b.up.sql'), twoTables['002_create_b.up.sql']);

      const run = createSqlMigrator(db).migrate(dir, { deploymentId: 'dep-2' });

      await expect(run).rejects.toThrow(MigrationFailedError);
      const message = await run.catch((error: Error) => error.message);
      expect(message).toContain(join(dir, '001_create_a.up.sql'));
      expect(message).toContain(sha256(twoTables['001_create_a.up.sql']));
      expect(message).toContain(sha256(edited));
      expect(message).toContain('Never edit an applied migration');
      expect(await tableExists(db, 'b')).toBe(false);
      expect((await createSqlMigrator(db).status(dir)).drifted).toEqual([
        {
          id: '001_create_a',
          file: join(dir, '001_create_a.up.sql'),
          appliedChecksum: sha256(twoTables['001_create_a.up.sql']),
          fileChecksum: sha256(edited),
        },
      ]);
    });

    it('serialises concurrent runs so that each migration is applied exactly once', async () => {
      const files: Record<string, string> = {
        '000_log.up.sql': `${EXPAND}CREATE TABLE run_log (id text);`,
      };
      for (const n of [1, 2, 3, 4, 5]) {
        // CREATE TABLE without IF NOT EXISTS: a second application would fail the run.
        files[`00${n}_t${n}.up.sql`] =
          `${EXPAND}SELECT pg_sleep(0.02);\nCREATE TABLE t${n} (id int);\nINSERT INTO run_log VALUES ('${n}');`;
      }
      const dir = await folder(files);
      const other = await ctx.sandbox.another();

      const [first, second] = await Promise.all([
        createSqlMigrator(db).migrate(dir, { deploymentId: 'dep-a' }),
        createSqlMigrator(other).migrate(dir, { deploymentId: 'dep-b' }),
      ]);

      const appliedIds = [...first.applied, ...second.applied].map((m) => m.id).sort();
      expect(appliedIds).toEqual(['000_log', '001_t1', '002_t2', '003_t3', '004_t4', '005_t5']);
      expect(first.alreadyApplied + second.alreadyApplied).toBe(6);
      const { rows: log } = await db.query<{ id: string }>('SELECT id FROM run_log ORDER BY id');
      expect(log.map((row) => row.id)).toEqual(['1', '2', '3', '4', '5']);
      expect(await rows(db)).toHaveLength(6);
    });

    it('refuses a breaks-blue migration without approval, saying why and what to do', async () => {
      const dir = await folder({
        ...twoTables,
        '003_drop_b.up.sql': `${CONTRACT}DROP TABLE b;`,
      });

      const run = createSqlMigrator(db).migrate(dir, { deploymentId: 'dep-1' });

      await expect(run).rejects.toThrow(MigrationFailedError);
      const message = await run.catch((error: Error) => error.message);
      expect(message).toContain(join(dir, '003_drop_b.up.sql'));
      expect(message).toMatch(/blue .*would fail on the new schema/i);
      expect(message).toContain('expand now');
      expect(message).toContain('get the approval');
      expect(await tableExists(db, 'a')).toBe(false);
    });

    it('applies a breaks-blue migration with approval and records it as not blue-compatible', async () => {
      const dir = await folder({ ...twoTables, '003_drop_b.up.sql': `${CONTRACT}DROP TABLE b;` });

      const report = await createSqlMigrator(db, { allowBlueIncompatible: true }).migrate(dir, {
        deploymentId: 'dep-1',
      });

      expect(report.applied.map((m) => [m.id, m.blueCompatible])).toEqual([
        ['001_create_a', true],
        ['002_create_b', true],
        ['003_drop_b', false],
      ]);
      expect((await rows(db)).at(-1)).toMatchObject({ id: '003_drop_b', blue_compatible: false });
      expect(await tableExists(db, 'b')).toBe(false);
    });

    it('refuses a folder with a missing header before touching the database', async () => {
      const dir = await folder({ '001_create_a.up.sql': 'CREATE TABLE a (id int);' });

      const run = createSqlMigrator(db).migrate(dir, { deploymentId: 'dep-1' });

      await expect(run).rejects.toThrow(MigrationFailedError);
      await expect(run).rejects.toThrow(/001_create_a\.up\.sql has no expand\/contract header/);
      await expect(run).rejects.toThrow(/-- greenlight: blue-compatible[\s\S]*-- greenlight: breaks-blue/);
      expect(await tableExists(db, 'greenlight_migrations')).toBe(false);
    });
  });

  describe('Method: revert', () => {
    it("runs the down scripts of exactly this deployment's migrations, newest first", async () => {
      const dir = await folder(twoTables);
      const migrator = createSqlMigrator(db);
      await migrator.migrate(dir, { deploymentId: 'dep-1' });
      await writeFile(join(dir, '003_create_c.up.sql'), `${EXPAND}CREATE TABLE c (id int);`);
      await writeFile(join(dir, '003_create_c.down.sql'), 'DROP TABLE c;');
      await migrator.migrate(dir, { deploymentId: 'dep-2' });

      const reverted = await migrator.revert(dir, { deploymentId: 'dep-2' });

      expect(reverted).toEqual(['003_create_c']);
      expect(await tableExists(db, 'c')).toBe(false);
      expect(await tableExists(db, 'b')).toBe(true);
      expect(await migrator.revert(dir, { deploymentId: 'dep-1' })).toEqual(['002_create_b', '001_create_a']);
      expect(await rows(db)).toEqual([]);
      expect((await migrator.status(dir)).pending).toHaveLength(3);
    });

    it('refuses, before running anything, when a down file is missing, naming it', async () => {
      const { '002_create_b.down.sql': _, ...withoutDown } = twoTables;
      const dir = await folder(withoutDown);
      const warnings: string[] = [];
      const migrator = createSqlMigrator(db, { logger: { info: () => {}, warn: (m) => warnings.push(m) } });
      await migrator.migrate(dir, { deploymentId: 'dep-1' });

      const run = migrator.revert(dir, { deploymentId: 'dep-1' });

      await expect(run).rejects.toThrow(MigrationFailedError);
      await expect(run).rejects.toThrow(/002_create_b: no down script \(002_create_b\.down\.sql\)/);
      expect(await rows(db)).toHaveLength(2);
      expect(await tableExists(db, 'a')).toBe(true);
      expect(warnings[0]).toContain('002_create_b.up.sql has no down script');
    });

    it('returns nothing for a deployment that applied nothing', async () => {
      const dir = await folder(twoTables);

      expect(await createSqlMigrator(db).revert(dir, { deploymentId: 'dep-x' })).toEqual([]);
    });
  });

  describe('Method: rollbackLast', () => {
    it('reverts the last n applied migrations, whoever applied them', async () => {
      const dir = await folder({
        ...twoTables,
        '003_create_c.up.sql': `${EXPAND}CREATE TABLE c (id int);`,
        '003_create_c.down.sql': 'DROP TABLE c;',
      });
      const migrator = createSqlMigrator(db);
      await migrator.migrate(dir, { deploymentId: 'dep-1' });

      expect(await migrator.rollbackLast(dir, { steps: 2 })).toEqual(['003_create_c', '002_create_b']);
      expect((await rows(db)).map((row) => row.id)).toEqual(['001_create_a']);
      await expect(migrator.rollbackLast(dir, { steps: 0 })).rejects.toThrow(/at least 1, got 0/);
    });
  });

  describe('Method: status', () => {
    it('lists everything as pending on a fresh database without creating the table', async () => {
      const dir = await folder(twoTables);

      const status = await createSqlMigrator(db).status(dir);

      expect(status.applied).toEqual([]);
      expect(status.pending.map((m) => [m.id, m.hasDown])).toEqual([
        ['001_create_a', true],
        ['002_create_b', true],
      ]);
      expect(await tableExists(db, 'greenlight_migrations')).toBe(false);
    });
  });

  describe('Sample: examples/shop/migrations', () => {
    it('applies to the demo orders table, accepts a note, and reverts cleanly', async () => {
      await ensureAppSchema(db);
      const dir = join(import.meta.dirname, '../../../examples/shop/migrations');
      const migrator = createSqlMigrator(db);

      const report = await migrator.migrate(dir, { deploymentId: 'demo-1' });
      await db.query(
        "INSERT INTO orders (colour, version, item, note) VALUES ('green', 'v2', 'book', 'gift')",
      );
      // Blue's INSERT, which does not know about `note`, still works: the set is expand-only.
      await db.query("INSERT INTO orders (colour, version, item) VALUES ('blue', 'v1', 'pen')");

      expect(report.applied.every((m) => m.blueCompatible)).toBe(true);
      expect(report.applied.map((m) => m.id)).toEqual([
        '001_orders_add_note',
        '002_orders_note_index',
        '003_order_events',
      ]);
      expect(await migrator.revert(dir, { deploymentId: 'demo-1' })).toHaveLength(3);
      expect(await tableExists(db, 'order_events')).toBe(false);
      const { rows: columns } = await db.query(
        "SELECT 1 FROM information_schema.columns WHERE table_name = 'orders' AND column_name = 'note' AND table_schema = current_schema()",
      );
      expect(columns).toEqual([]);
    });
  });
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/db/engine/postgres-database.ts';
import type { SqlDatabase } from '../../src/db/engine/sql-database.ts';
import { currentSchema, describeTables, tableChecksums } from '../../src/db/engine/table-checksums.ts';
import { IntegrityUnavailableError } from '../../src/dr/dr-errors.ts';
import { readTableIntegrity } from '../../src/dr/read-table-integrity.ts';
import { backends } from '../local-world/db/backends.ts';

/** Runs `after` once each statement through `db` (or its transactions) has completed, on the same handle. */
function observed(db: SqlDatabase, after: (sql: string, handle: SqlDatabase) => Promise<void>): SqlDatabase {
  const wrap = (target: SqlDatabase): SqlDatabase => ({
    kind: target.kind,
    async query(sql, params) {
      const result = await target.query(sql, params);
      await after(sql, target);
      return result as never;
    },
    async exec(sql) {
      await target.exec(sql);
      await after(sql, target);
    },
    transaction: (fn) => target.transaction((tx) => fn(wrap(tx))),
    close: () => target.close(),
  });
  return wrap(db);
}

describe.each(backends)('Function: readTableIntegrity ($name)', (backend) => {
  let db: SqlDatabase;
  let dispose: () => Promise<void>;

  beforeEach(async () => {
    ({ db, dispose } = await backend.open());
    await db.exec(`
      CREATE TABLE accounts (id int PRIMARY KEY, name text);
      CREATE TABLE orders (id int PRIMARY KEY, account_id int, total numeric, placed_at timestamptz);
      INSERT INTO accounts VALUES (1, 'ana'), (2, 'bo');
      INSERT INTO orders VALUES (1, 1, 9.99, '2026-01-08T10:00:00Z'), (2, 2, 20, '2026-01-08T11:00:00Z'), (3, 1, 5, NULL);
    `);
  });

  afterEach(async () => {
    await dispose();
  });

  it('reads every table of the default schema, with the figures the local snapshots and the drill compute', async () => {
    // Act
    const figures = await readTableIntegrity(db, { tables: null });
    // Assess: the same row counts and checksums as table-checksums.ts, so a restore compares equal
    const schema = await currentSchema(db);
    const reference = await tableChecksums(db, schema, await describeTables(db, schema));
    expect(figures).toEqual(
      reference.map(({ name, rowCount, checksum }) => ({ table: name, rowCount, checksum })),
    );
    expect(figures.map((t) => [t.table, t.rowCount])).toEqual([
      ['accounts', 2],
      ['orders', 3],
    ]);
    expect(figures[1]?.checksum).toMatch(/^[0-9a-f]{32}$/);
  });

  it('reads only the tables asked for, leaving out those that do not exist', async () => {
    const figures = await readTableIntegrity(db, { tables: ['orders', 'no_such_table'] });
    expect(figures.map((t) => t.table)).toEqual(['orders']);
  });

  it('gives up with IntegrityUnavailableError once its time budget is spent', async () => {
    // Prepare: each call of the clock says another 60 ms went by
    let clockMs = 0;
    const now = () => {
      clockMs += 60;
      return clockMs;
    };
    // Act / Assess
    const reading = readTableIntegrity(db, { tables: null, budgetMs: 100, now });
    await expect(reading).rejects.toBeInstanceOf(IntegrityUnavailableError);
    await expect(readTableIntegrity(db, { tables: null, budgetMs: 100, now })).rejects.toThrow(
      /took over 100 ms \(\d of 2 tables read, stopped before (accounts|orders)\)/,
    );
  });

  it('reads in a read-only transaction, so the read can never change the database', async () => {
    // Prepare: after the first checksum, try a write on the reading transaction itself (in a
    // savepoint, so the refusal does not abort the read)
    let writeError: unknown;
    const probe = observed(db, async (sql, handle) => {
      if (writeError || !sql.includes('"accounts"')) return;
      writeError = await handle
        .transaction((tx) => tx.exec("INSERT INTO accounts VALUES (3, 'cy')"))
        .catch((error: unknown) => error);
    });
    // Act
    const figures = await readTableIntegrity(probe, { tables: null });
    // Assess
    expect(String(writeError)).toContain('read-only transaction');
    expect(figures.find((t) => t.table === 'accounts')?.rowCount).toBe(2);
  });

  it.runIf(backend.name === 'postgres')(
    'sees every table as of the same instant, even while another session writes',
    async () => {
      // Prepare: a second session of the same schema adds an order once accounts have been read
      const schema = await currentSchema(db);
      const url = process.env.DATABASE_URL as string;
      const writer = await openPostgres(url, { searchPath: schema, maxConnections: 1 });
      let wrote = false;
      const reading = observed(db, async (sql) => {
        if (wrote || !sql.includes(`"${schema}"."accounts"`)) return;
        wrote = true;
        await writer.exec("INSERT INTO orders VALUES (4, 2, 1, NULL); INSERT INTO accounts VALUES (3, 'cy')");
      });
      try {
        // Act
        const figures = await readTableIntegrity(reading, { tables: null });
        // Assess: the write committed mid-read, yet orders still shows the state accounts was read in
        expect(wrote).toBe(true);
        expect(figures.map((t) => [t.table, t.rowCount])).toEqual([
          ['accounts', 2],
          ['orders', 3],
        ]);
        const after = await readTableIntegrity(db, { tables: null });
        expect(after.map((t) => [t.table, t.rowCount])).toEqual([
          ['accounts', 3],
          ['orders', 4],
        ]);
      } finally {
        await writer.close();
      }
    },
  );
});

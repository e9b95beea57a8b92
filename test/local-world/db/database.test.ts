import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type SqlDatabase } from '../../../src/db/engine/sql-database.ts';
import { BackupFailedError, ResourceNotFoundError } from '../../../src/errors.ts';
import {
  allOrderIds,
  countOrders,
  ensureAppSchema,
  findOrder,
  insertOrder,
} from '../../../src/local-world/db/app-schema.ts';
import { createSnapshotStore } from '../../../src/local-world/db/snapshots.ts';
import { backends } from './backends.ts';

const run = randomBytes(3).toString('hex');
const order = { colour: 'blue', version: 'v1', item: 'book' } as const;

// One engine per backend for the whole file: a PGlite start costs seconds.
describe.each(backends)('database on $name', (backend) => {
  let db: SqlDatabase;
  let dispose: () => Promise<void>;
  let nowMs = 1_000;
  // No compression: five times faster to dump, and these tarballs only live for the test.
  const store = createSnapshotStore({ clock: { nowMs: () => nowMs } });
  const created: string[] = [];
  const snapshot = async (id: string) => {
    created.push(id);
    return store.createSnapshot(db, id);
  };

  beforeAll(async () => {
    ({ db, dispose } = await backend.open());
    await ensureAppSchema(db);
  });
  afterAll(async () => {
    for (const id of created.splice(0)) await store.deleteSnapshot(db, id);
    await dispose();
  });
  beforeEach(() => db.exec('TRUNCATE orders RESTART IDENTITY'));

  describe('SqlDatabase', () => {
    it('reports its kind', () => {
      expect(db.kind).toBe(backend.name);
    });

    it('inserts and reads orders with numeric ids', async () => {
      const first = await insertOrder(db, order);
      const second = await insertOrder(db, { ...order, item: 'pen' });

      expect([first, second]).toEqual([1, 2]);
      expect(await countOrders(db)).toBe(2);
      expect(await allOrderIds(db)).toEqual([1, 2]);
      expect(await findOrder(db, second)).toMatchObject({ id: 2, colour: 'blue', item: 'pen' });
      expect(await findOrder(db, 99)).toBeUndefined();
    });

    it('leaves nothing behind when a transaction throws', async () => {
      const attempt = db.transaction(async (tx) => {
        await insertOrder(tx, order);
        await insertOrder(tx, order);
        throw new Error('payment declined');
      });

      await expect(attempt).rejects.toThrow('payment declined');
      expect(await countOrders(db)).toBe(0);
    });

    it('rolls back only the inner work of a nested transaction (savepoint)', async () => {
      await db.transaction(async (tx) => {
        await insertOrder(tx, { ...order, item: 'kept' });
        await tx
          .transaction(async (inner) => {
            await insertOrder(inner, { ...order, item: 'dropped' });
            throw new Error('inner failure');
          })
          .catch(() => undefined);
      });

      const { rows } = await db.query<{ item: string }>('SELECT item FROM orders');
      expect(rows).toEqual([{ item: 'kept' }]);
    });

    it('keeps concurrent transactions apart: a failing one loses only its own rows', async () => {
      const runs = Array.from({ length: 6 }, (_, index) =>
        db.transaction(async (tx) => {
          await insertOrder(tx, { ...order, item: `t${index}-a` });
          await sleep(2);
          await insertOrder(tx, { ...order, item: `t${index}-b` });
          if (index === 3) throw new Error('t3 fails');
        }),
      );

      const outcomes = await Promise.allSettled(runs);

      expect(outcomes.map((o) => o.status)).toEqual([
        'fulfilled',
        'fulfilled',
        'fulfilled',
        'rejected',
        'fulfilled',
        'fulfilled',
      ]);
      const { rows } = await db.query<{ item: string }>('SELECT item FROM orders ORDER BY item');
      expect(rows.map((r) => r.item)).toEqual(
        ['t0', 't1', 't2', 't4', 't5'].flatMap((t) => [`${t}-a`, `${t}-b`]),
      );
    });

    it('refuses close() on a transaction handle', async () => {
      await expect(db.transaction((tx) => tx.close())).rejects.toThrow(
        'close() was called on a transaction handle',
      );
    });

    if (backend.name === 'pglite') {
      // PGlite is one session: waiting for the lock we hold would hang forever.
      it('rejects a call on the database from inside its own transaction instead of deadlocking', async () => {
        const attempt = db.transaction(() => db.query('SELECT 1'));

        await expect(attempt).rejects.toThrow('use the `tx` handle');
        expect(await countOrders(db)).toBe(0);
      });
    }
  });

  describe('SnapshotStore', () => {
    it('records each table, reports later writes, and restores exactly the snapshot rows', async () => {
      for (const item of ['a', 'b', 'c']) await insertOrder(db, { ...order, item });
      const record = await snapshot(`restore-${run}`);
      await insertOrder(db, { ...order, item: 'after-1' });
      await insertOrder(db, { ...order, item: 'after-2' });
      await db.query('DELETE FROM orders WHERE id = 1');
      const beforeRestore = await store.verifySnapshot(db, `restore-${run}`);

      const restored = await store.restoreSnapshot(db, `restore-${run}`);

      expect(record).toMatchObject({ id: `restore-${run}`, createdAtMs: nowMs });
      expect(record.tables).toEqual([
        {
          name: 'orders',
          rowCount: 3,
          checksum: expect.stringMatching(/^[0-9a-f]{32}$/),
          columns: ['id', 'colour', 'version', 'item', 'created_at'],
        },
      ]);
      expect(beforeRestore).toEqual({ ok: false, mismatches: ['orders: 4 rows, expected 3'] });
      expect(restored.tables).toEqual(record.tables);
      expect(await allOrderIds(db)).toEqual([1, 2, 3]);
      expect(await store.verifySnapshot(db, `restore-${run}`)).toEqual({ ok: true, mismatches: [] });
      // New writes after a restore get fresh ids that do not clash with restored rows.
      expect(await insertOrder(db, { ...order, item: 'after-restore' })).toBeGreaterThan(3);
    });

    it('reports a changed row with the same row count as a checksum difference', async () => {
      await insertOrder(db, order);
      const record = await snapshot(`diff-${run}`);
      await db.query("UPDATE orders SET item = 'changed'");

      const verification = await store.verifySnapshot(db, `diff-${run}`);

      expect(verification.ok).toBe(false);
      expect(verification.mismatches).toEqual([
        expect.stringContaining(`expected ${record.tables[0]!.checksum}`),
      ]);
    });

    it('opens an isolated copy that holds the snapshot and ignores later writes', async () => {
      await insertOrder(db, order);
      await insertOrder(db, order);
      await snapshot(`copy-${run}`);
      await insertOrder(db, order);

      const copy = await store.openSnapshotCopy(db, `copy-${run}`);
      try {
        expect(await allOrderIds(copy)).toEqual([1, 2]);
        expect(await store.verifySnapshot(db, `copy-${run}`, copy)).toEqual({ ok: true, mismatches: [] });
        expect(await countOrders(db)).toBe(3);
      } finally {
        await copy.close();
      }
    });

    it('lists snapshots oldest first', async () => {
      nowMs = 5_000;
      await snapshot(`list-b-${run}`);
      nowMs = 4_000;
      await snapshot(`list-a-${run}`);

      const listed = await store.listSnapshots(db);

      const ours = listed.map((s) => s.id).filter((id) => id.startsWith('list-') && id.endsWith(run));
      expect(ours).toEqual([`list-a-${run}`, `list-b-${run}`]);
    });

    it('fails with BackupFailedError when the id is taken', async () => {
      await snapshot(`dup-${run}`);

      await expect(store.createSnapshot(db, `dup-${run}`)).rejects.toBeInstanceOf(BackupFailedError);
    });

    it('fails with ResourceNotFoundError for an unknown id, naming it', async () => {
      const attempt = store.restoreSnapshot(db, `missing-${run}`);

      await expect(attempt).rejects.toBeInstanceOf(ResourceNotFoundError);
      await expect(attempt).rejects.toThrow(`snapshot "missing-${run}" not found`);
    });
  });
});

describe('openDatabase', () => {
  it.each([
    { url: 'mysql://app:secret@127.0.0.1/db', message: 'got "mysql://app:***@127.0.0.1/db"' },
    {
      url: 'postgres://nobody@127.0.0.1:1/none',
      message: 'cannot reach PostgreSQL at postgres://nobody@127.0.0.1:1/none',
    },
  ])('opens a server when given a URL, and names a bad one: $url', async ({ url, message }) => {
    await expect(openDatabase({ url })).rejects.toThrow(message);
  });
});

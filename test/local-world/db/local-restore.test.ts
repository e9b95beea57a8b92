import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalRestore } from '../../../src/adapters/local/local-restore.ts';
import { nextRestoreAction, restoreNamesFor } from '../../../src/core/snapshot-restore.ts';
import type { SqlDatabase } from '../../../src/db/engine/sql-database.ts';
import { createSnapshotStore } from '../../../src/local-world/db/snapshots.ts';
import { binding } from '../../adapters/aws/binding-fixture.ts';
import { backends } from './backends.ts';

describe.each(backends)('the rollback restore on $name', (backend) => {
  let db: SqlDatabase;
  let dispose: () => Promise<void>;
  const store = createSnapshotStore();

  beforeAll(async () => {
    ({ db, dispose } = await backend.open());
    await db.exec('CREATE TABLE orders (id serial PRIMARY KEY, item text NOT NULL)');
    await db.exec("INSERT INTO orders (item) VALUES ('before-1'), ('before-2')");
  });
  let cleanUp = async () => {};
  afterAll(async () => {
    await cleanUp();
    await dispose();
  });

  it('puts the snapshot back in place and keeps every write made since as its own snapshot', async () => {
    // Prepare: the backup, then writes the restore will move aside.
    // Server snapshots outlive the run (schema copies), so every run names its own.
    const run = randomBytes(4).toString('hex');
    const snapshotId = `greenlight-shop-${run}`;
    await store.createSnapshot(db, snapshotId);
    await db.exec("INSERT INTO orders (item) VALUES ('after-1')");
    const restore = new LocalRestore(store, () => db);
    const names = restoreNamesFor('shop-db', snapshotId, `dep-${run}`);
    cleanUp = async () => {
      for (const id of [snapshotId, names.keptId]) await store.deleteSnapshot(db, id).catch(() => undefined);
    };

    // Act: the same reconcile loop the workflow runs.
    const first = nextRestoreAction(names, await restore.observe(binding, names));
    expect(first.kind).toBe('start-restore');
    await restore.perform(binding, names, 'start-restore');
    const second = nextRestoreAction(names, await restore.observe(binding, names));

    // Assess
    expect(second.kind).toBe('done');
    const { rows } = await db.query<{ item: string }>('SELECT item FROM orders ORDER BY id');
    expect(rows.map((row) => row.item)).toEqual(['before-1', 'before-2']);
    const kept = (await store.listSnapshots(db)).find((snapshot) => snapshot.id === names.keptId);
    expect(kept?.tables.find((table) => table.name === 'orders')?.rowCount).toBe(3);
  });
});

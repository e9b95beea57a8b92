import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalSnapshotCatalog } from '../../src/adapters/local/local-snapshot-catalog.ts';
import { LocalSnapshots } from '../../src/adapters/local/local-snapshots.ts';
import { openPglite, type PgliteDatabase } from '../../src/db/engine/pglite-database.ts';
import { createSnapshotStore } from '../../src/local-world/db/snapshots.ts';
import { binding } from '../adapters/aws/binding-fixture.ts';

describe('Class: LocalSnapshotCatalog', () => {
  let db: PgliteDatabase;
  beforeAll(async () => {
    db = await openPglite();
  });
  afterAll(async () => {
    await db.close();
  });

  it('lists the snapshots LocalSnapshots tagged, and deletes them from the store', async () => {
    // Prepare: one Greenlight snapshot, one taken directly on the store (no tags).
    const store = createSnapshotStore({ clock: { nowMs: () => 1_000 } });
    const snapshots = new LocalSnapshots(store, () => db);
    await snapshots.createSnapshot(binding, 'greenlight-shop-local-d1', {
      'greenlight:deployment': 'd1',
      'greenlight:service': 'shop',
      'greenlight:environment': 'local',
      'greenlight:retain-until': '2026-01-01T00:00:00.000Z',
    });
    await store.createSnapshot(db, 'manual-one');
    const catalog = new LocalSnapshotCatalog(store, db, snapshots);
    // Act
    const listed = await catalog.listGreenlightSnapshots({ service: 'shop' });
    const other = await catalog.listGreenlightSnapshots({ service: 'cart' });
    const first = await catalog.deleteSnapshot('greenlight-shop-local-d1');
    const again = await catalog.deleteSnapshot('greenlight-shop-local-d1');
    // Assess
    expect(listed).toEqual([
      {
        snapshotId: 'greenlight-shop-local-d1',
        tags: expect.objectContaining({ 'greenlight:deployment': 'd1' }),
        createdAtMs: 1_000,
        kind: 'instance',
      },
    ]);
    expect(other).toEqual([]);
    expect([first, again]).toEqual(['deleted', 'not-found']);
    expect((await store.listSnapshots(db)).map((s) => s.id)).toEqual(['manual-one']);
    expect(snapshots.tags.has('greenlight-shop-local-d1')).toBe(false);
  });
});

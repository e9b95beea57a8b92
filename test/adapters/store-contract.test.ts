/**
 * The Store port's contract, held by every adapter the world can run on: in memory (the unit
 * harnesses) and in SQL (the local world, on PGlite and on a real server). DynamoDB's adapter
 * holds the same rules against its mocked conditional writes (dynamodb-store.test.ts).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlStore } from '../../src/adapters/local/sql-store.ts';
import { MemoryStore } from '../../src/adapters/memory/memory-store.ts';
import { openPglite } from '../../src/db/engine/pglite-database.ts';
import type { SqlDatabase } from '../../src/db/engine/sql-database.ts';
import type { DeploymentRecord, Store } from '../../src/ports/store.ts';
import { backends } from '../local-world/db/backends.ts';

interface StoreFactory {
  readonly name: string;
  setUp(): Promise<void>;
  /** A fresh, empty store. */
  open(): Promise<Store>;
  tearDown(): Promise<void>;
}

const memory: StoreFactory = {
  name: 'memory',
  setUp: async () => undefined,
  open: async () => new MemoryStore(),
  tearDown: async () => undefined,
};

const sqlOn = (backend: (typeof backends)[number]): StoreFactory => {
  let db: SqlDatabase;
  let dispose: () => Promise<void>;
  return {
    name: `sql on ${backend.name}`,
    setUp: async () => {
      ({ db, dispose } = await backend.open());
    },
    open: () => SqlStore.open(db, `gl_store_${randomBytes(4).toString('hex')}`),
    tearDown: () => dispose(),
  };
};

const key = 'shop#production';
const hour = 3_600_000;
const request = (owner: string, nowMs: number, executionId = `arn:exec:${owner}`) => ({
  key,
  owner,
  executionId,
  nowMs,
  staleAfterMs: 24 * hour,
});
const record = (
  id: string,
  startedAtMs: number,
  extra: Partial<DeploymentRecord> = {},
): DeploymentRecord => ({
  deploymentId: id,
  service: 'shop',
  environment: 'production',
  version: '1.1.0',
  startedAtMs,
  status: 'running',
  ...extra,
});

describe.each([memory, ...backends.map(sqlOn)])('the Store contract: $name', (factory) => {
  let store: Store;
  beforeAll(() => factory.setUp(), 60_000);
  afterAll(() => factory.tearDown());
  const fresh = async () => {
    store = await factory.open();
  };

  describe('the lock', () => {
    beforeAll(fresh);

    it('is taken when free, kept by a retry of its execution, and refused to anyone else', async () => {
      // Act
      const first = await store.acquireLock(request('dep-1', 1_000));
      const retried = await store.acquireLock(request('dep-1', 2_000));
      const other = await store.acquireLock(request('dep-2', 3_000));
      const sameIdOtherExecution = await store.acquireLock(request('dep-1', 4_000, 'arn:exec:again'));

      // Assess
      expect(first).toEqual({ acquired: true });
      expect(retried).toEqual({ acquired: true });
      expect(other).toMatchObject({
        acquired: false,
        holder: { owner: 'dep-1', executionId: 'arn:exec:dep-1' },
      });
      expect(sameIdOtherExecution).toMatchObject({ acquired: false, holder: { owner: 'dep-1' } });
    });

    it('is renewed only by its owner, and a renewed lease is not stale', async () => {
      // Act
      const renewed = await store.renewLock(key, 'dep-1', 20 * hour);
      const notOwner = await store.renewLock(key, 'dep-2', 20 * hour);
      const beforeStale = await store.acquireLock(request('dep-2', 30 * hour));

      // Assess
      expect(renewed).toBe(true);
      expect(notOwner).toBe(false);
      expect(beforeStale.acquired).toBe(false);
      expect(await store.readLock(key)).toMatchObject({
        owner: 'dep-1',
        acquiredAtMs: 2_000,
        renewedAtMs: 20 * hour,
      });
    });

    it('is taken over once its lease is stale, naming the one it was taken from', async () => {
      // Act
      const taken = await store.acquireLock(request('dep-2', 44 * hour));

      // Assess
      expect(taken).toMatchObject({ acquired: true, tookOverFrom: { owner: 'dep-1' } });
      expect(await store.renewLock(key, 'dep-1', 45 * hour)).toBe(false);
    });

    it('is released only by its owner', async () => {
      // Act
      await store.releaseLock(key, 'dep-1');
      const afterWrongRelease = await store.readLock(key);
      await store.releaseLock(key, 'dep-2');

      // Assess
      expect(afterWrongRelease?.owner).toBe('dep-2');
      expect(await store.readLock(key)).toBeNull();
    });

    it('goes to exactly one of 20 simultaneous acquirers', async () => {
      // Arrange
      await fresh();

      // Act
      const attempts = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.acquireLock(request(`dep-${i}`, 5_000))),
      );

      // Assess
      const winners = attempts.filter((attempt) => attempt.acquired);
      expect(winners).toHaveLength(1);
      const holder = await store.readLock(key);
      for (const attempt of attempts) if (!attempt.acquired) expect(attempt.holder).toEqual(holder);
    });
  });

  describe('records, live colour, audit, callbacks and integrity', () => {
    beforeAll(fresh);

    it('keeps the live release per service and environment', async () => {
      // Act
      await store.setLive('shop', 'production', { colour: 'blue', version: '1.0.0' });
      await store.setLive('shop', 'production', { colour: 'green', version: '1.1.0' });

      // Assess
      expect(await store.getLive('shop', 'production')).toEqual({ colour: 'green', version: '1.1.0' });
      expect(await store.getLive('shop', 'staging')).toBeNull();
    });

    it('updates records field by field, and refuses to update one that does not exist', async () => {
      // Arrange
      await store.putDeployment(record('dep-1', 1_000, { state: { nested: { a: 1 } } }));

      // Act
      await store.updateDeployment('dep-1', { status: 'succeeded', endedAtMs: 9_000 });

      // Assess
      expect(await store.getDeployment('dep-1')).toEqual(
        record('dep-1', 1_000, { state: { nested: { a: 1 } }, status: 'succeeded', endedAtMs: 9_000 }),
      );
      await expect(store.updateDeployment('nope', { status: 'succeeded' })).rejects.toThrow(
        'deployment nope has no record to update',
      );
      expect(await store.getDeployment('nope')).toBeNull();
    });

    it('lists records newest first, filtered, and knows which versions succeeded', async () => {
      // Arrange
      await store.putDeployment(record('dep-2', 3_000, { version: '1.2.0' }));
      await store.putDeployment(record('dep-3', 2_000, { service: 'cart' }));

      // Act
      const all = await store.listDeployments({});
      const shop = await store.listDeployments({ service: 'shop', environment: 'production' });

      // Assess
      expect(all.map((d) => d.deploymentId)).toEqual(['dep-2', 'dep-3', 'dep-1']);
      expect(shop.map((d) => d.deploymentId)).toEqual(['dep-2', 'dep-1']);
      expect(await store.hasSucceeded('shop', 'production', '1.1.0')).toBe(true);
      expect(await store.hasSucceeded('shop', 'production', '1.2.0')).toBe(false);
      expect(await store.hasSucceeded('shop', 'staging', '1.1.0')).toBe(false);
    });

    it('keeps the audit trail in the order it was written, per deployment', async () => {
      // Act
      for (let i = 0; i < 12; i++)
        await store.appendAudit('dep-1', { atMs: 100 - i, type: `event-${i}`, detail: { i } });
      await store.appendAudit('dep-2', { atMs: 1, type: 'other', detail: {} });

      // Assess
      const trail = await store.listAudit('dep-1');
      expect(trail.map((e) => e.type)).toEqual(Array.from({ length: 12 }, (_, i) => `event-${i}`));
      expect(trail[3]).toEqual({ atMs: 97, type: 'event-3', detail: { i: 3 } });
      expect(await store.listAudit('none')).toEqual([]);
    });

    it('keeps one task token per deployment and callback kind', async () => {
      // Act
      await store.putCallback('dep-1', 'bake', 'token-a');
      await store.putCallback('dep-1', 'bake', 'token-b');
      await store.putCallback('dep-1', 'approval', 'token-c');
      await store.clearCallback('dep-1', 'approval');

      // Assess
      expect(await store.getCallback('dep-1', 'bake')).toBe('token-b');
      expect(await store.getCallback('dep-1', 'approval')).toBeNull();
      expect(await store.getCallback('dep-2', 'bake')).toBeNull();
    });

    it('keeps the integrity figures recorded for a snapshot', async () => {
      // Arrange
      const figures = { recordedAtMs: 5, tables: [{ table: 'orders', rowCount: 3, checksum: 'ab' }] };

      // Act
      await store.putSnapshotIntegrity('snap-1', figures);

      // Assess
      expect(await store.getSnapshotIntegrity('snap-1')).toEqual(figures);
      expect(await store.getSnapshotIntegrity('snap-2')).toBeNull();
    });
  });
});

describe('the SQL store on disk', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'greenlight-store-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('keeps the lock, records and audit trail across a reopen of the engine', async () => {
    // Arrange
    const first = await openPglite({ dataDir: dir });
    const before = await SqlStore.open(first, 'gl_disk__store');
    await before.acquireLock(request('dep-1', 7_000));
    await before.putDeployment(record('dep-1', 6_000));
    await before.appendAudit('dep-1', { atMs: 8_000, type: 'step.started', detail: { step: 'bake' } });
    await first.close();

    // Act
    const second = await openPglite({ dataDir: dir });
    const after = await SqlStore.open(second, 'gl_disk__store');

    // Assess
    try {
      expect(await after.readLock(key)).toMatchObject({ owner: 'dep-1', acquiredAtMs: 7_000 });
      expect(await after.getDeployment('dep-1')).toEqual(record('dep-1', 6_000));
      expect(await after.listAudit('dep-1')).toHaveLength(1);
      expect(await after.latestTimestampMs()).toBe(8_000);
    } finally {
      await second.close();
    }
  }, 60_000);
});

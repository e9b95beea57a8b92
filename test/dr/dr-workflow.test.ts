import { afterEach, describe, expect, it } from 'vitest';
import type { SqlDatabase } from '../../src/db/engine/sql-database.ts';
import { localBackupSnapshotId, runLocalDrill } from '../../src/dr/run-local-drill.ts';
import { ResourceNotFoundError } from '../../src/errors.ts';
import { createVirtualClock, type VirtualClock } from '../../src/local-world/clock/virtual-clock.ts';
import { ensureAppSchema, insertOrder } from '../../src/local-world/db/app-schema.ts';
import { createSnapshotStore, type SnapshotStore } from '../../src/local-world/db/snapshots.ts';
import { backends } from '../local-world/db/backends.ts';

interface World {
  readonly db: SqlDatabase;
  readonly store: SnapshotStore;
  readonly clock: VirtualClock;
  /** Lets world time pass, e.g. to age the snapshot. */
  advance(ms: number): Promise<void>;
}

describe.each(backends)('the dr-test workflow on $name', (backend) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A database with 5 orders and (unless told otherwise) one snapshot of it: the "latest backup". */
  async function world(options: { snapshot?: boolean } = {}): Promise<World> {
    const { db, dispose } = await backend.open();
    const clock = createVirtualClock();
    const startMs = clock.nowMs();
    const store = createSnapshotStore({ clock });
    await ensureAppSchema(db);
    for (const item of ['a', 'b', 'c', 'd', 'e'])
      await insertOrder(db, { colour: 'blue', version: '1', item });
    const snapshotId = localBackupSnapshotId(startMs, `-${Math.random().toString(36).slice(2, 8)}`);
    if (options.snapshot !== false) await store.createSnapshot(db, snapshotId);
    cleanups.push(async () => {
      if (options.snapshot !== false) await store.deleteSnapshot(db, snapshotId);
      await dispose();
    });
    return { db, store, clock, advance: (ms) => clock.sleep(ms) };
  }

  it('passes a drill on a fresh snapshot, reports RTO, RPO and integrity, and deletes the copy', async () => {
    // Prepare
    const { db, store, clock } = await world();

    // Act
    const result = await runLocalDrill({ db, store, clock, request: { tables: ['orders'] } });

    // Assess
    expect(result.execution.status).toBe('SUCCEEDED');
    expect(result.report).toMatchObject({ outcome: 'passed', passed: true, cleanup: { status: 'deleted' } });
    expect(result.report?.verdict?.rto.status).toBe('pass');
    expect(result.report?.verdict?.rpo.status).toBe('pass');
    expect(result.report?.verdict?.integrity.tables).toEqual([
      expect.objectContaining({ table: 'orders', status: 'match', expectedRows: 5, actualRows: 5 }),
    ]);
    const copies = [...result.database.copies.values()];
    expect(copies.map((c) => c.closed)).toEqual([true]);
    await expect(copies[0]?.db.query('SELECT 1')).rejects.toThrow();
    expect(result.ports.notifier.sent.map((n) => n.severity)).toEqual(['info']);
    const audit = await result.ports.store.listAudit(
      result.report ? `dr-shop-local-${result.execution.name}` : '',
    );
    expect(audit.map((e) => [e.type, e.detail.outcome])).toEqual([['dr.drill', 'passed']]);
    const passed = result.metrics.getMetricData({
      StartTime: new Date(clock.nowMs() - 86_400_000),
      EndTime: new Date(clock.nowMs() + 60_000),
      MetricDataQueries: [
        {
          Id: 'passed',
          MetricStat: {
            Metric: {
              Namespace: 'Greenlight/DR',
              MetricName: 'DrillPassed',
              Dimensions: [
                { Name: 'Service', Value: 'shop' },
                { Name: 'Environment', Value: 'local' },
                { Name: 'Drill', Value: 'restore-test' },
              ],
            },
            Period: 86_400,
            Stat: 'Sum',
          },
        },
      ],
    });
    expect(passed.MetricDataResults?.[0]?.Values).toEqual([1]);
  });

  it('reports a failed integrity check as a failed drill, and still deletes the copy', async () => {
    // Prepare
    const { db, store, clock } = await world();

    // Act
    const result = await runLocalDrill({
      db,
      store,
      clock,
      afterRestore: (copy) => copy.exec("UPDATE orders SET item = 'tampered' WHERE item = 'c'"),
    });

    // Assess
    expect([result.execution.status, result.execution.error]).toEqual(['FAILED', 'DrillFailed']);
    expect(result.execution.cause).toMatch(
      /^DR restore-test of shop \(local\) failed: integrity failed: orders: 5 rows as expected, but the checksum differs/,
    );
    expect(result.report).toMatchObject({ outcome: 'failed', cleanup: { status: 'deleted' } });
    expect([...result.database.copies.values()].map((c) => c.closed)).toEqual([true]);
    expect(result.ports.notifier.sent.map((n) => [n.severity, n.fields.outcome])).toEqual([
      ['critical', 'failed'],
    ]);
  });

  it('fails the RPO when the latest snapshot is older than the target', async () => {
    // Prepare: the snapshot is 3 world hours old when the drill starts.
    const { db, store, clock, advance } = await world();
    await advance(3 * 3_600_000);

    // Act
    const result = await runLocalDrill({ db, store, clock });

    // Assess
    expect(result.execution.status).toBe('FAILED');
    expect(result.report?.verdict?.failures).toEqual([
      expect.stringMatching(/^RPO 3 h( \d+ min)? exceeds the 1 h target$/),
    ]);
    expect(result.report?.cleanup?.status).toBe('deleted');
  });

  it('runs Cleanup and reports when the restore fails', async () => {
    // Prepare: the copy is created, then reported failed (as RDS reports incompatible-restore).
    const { db, store, clock } = await world();

    // Act
    const result = await runLocalDrill({
      db,
      store,
      clock,
      overrideDatabase: (local) => ({
        ...local,
        restoreStatus: async () => ({ status: 'failed', detail: 'incompatible-restore' }),
      }),
    });

    // Assess
    expect([result.execution.status, result.execution.error]).toEqual(['FAILED', 'RestoreFailedError']);
    expect(result.report).toMatchObject({ outcome: 'errored', cleanup: { status: 'deleted' } });
    expect(result.report?.summary).toMatch(/RestoreFailedError: restoring .* failed: incompatible-restore/);
    expect([...result.database.copies.values()].map((c) => c.closed)).toEqual([true]);
  });

  it('fails loudly, naming the instance to delete by hand, when Cleanup keeps failing', async () => {
    // Prepare
    const { db, store, clock } = await world();
    let deleteCalls = 0;

    // Act
    const result = await runLocalDrill({
      db,
      store,
      clock,
      overrideDatabase: (local) => ({
        ...local,
        deleteInstance: async () => {
          deleteCalls += 1;
          throw new ResourceNotFoundError('DeleteDBInstance failed: access to the instance was lost');
        },
      }),
    });
    for (const copy of result.database.copies.values()) await copy.db.close(); // what the operator would do

    // Assess
    expect([result.execution.status, result.execution.error]).toEqual(['FAILED', 'CleanupFailed']);
    expect(deleteCalls).toBeGreaterThan(1);
    const tempId = result.report?.tempId ?? 'missing';
    expect(tempId).toMatch(/^gl-dr-shop-/);
    const [notification] = result.ports.notifier.sent;
    expect(notification?.severity).toBe('critical');
    expect(notification?.body).toContain(`delete ${tempId} by hand`);
  });

  it('reports an errored drill when there is no snapshot at all, with nothing to clean up', async () => {
    // Prepare: no snapshot of this database.
    const { db, store, clock } = await world({ snapshot: false });

    // Act
    const result = await runLocalDrill({ db, store, clock });

    // Assess
    expect([result.execution.status, result.execution.error]).toEqual(['FAILED', 'ResourceNotFoundError']);
    expect(result.report).toMatchObject({ outcome: 'errored', cleanup: null });
    expect(result.database.copies.size).toBe(0);
    expect(result.ports.notifier.sent[0]?.body).toContain('no available snapshot of local-db');
  });

  it('checks only the snapshot age in a backup verification, restoring nothing', async () => {
    // Prepare
    const { db, store, clock } = await world();

    // Act
    const result = await runLocalDrill({
      db,
      store,
      clock,
      request: { drill: 'backup-verification' },
    });

    // Assess
    expect(result.execution.status).toBe('SUCCEEDED');
    expect(result.report).toMatchObject({
      outcome: 'passed',
      kind: 'backup-verification',
      cleanup: { status: 'nothing-to-delete' },
    });
    expect(result.database.copies.size).toBe(0);
  });
});

import type { PutMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import { matchesSnapshotPattern } from '../../core/drillable-snapshots.ts';
import type { SqlDatabase } from '../../db/engine/sql-database.ts';
import { currentSchema, describeTables, tableChecksums } from '../../db/engine/table-checksums.ts';
import type { DrDatabase, DrMetrics, TableIntegrity } from '../../dr/dr-ports.ts';
import { drMetricNamespace } from '../../dr/dr-ports.ts';
import type { SnapshotRecord, SnapshotStore } from '../../local-world/db/snapshots.ts';
import type { Clock } from '../../ports/clock.ts';

/** One restored copy the adapter holds (exposed so tests can check it was closed). */
export interface LocalRestoredCopy {
  readonly snapshotId: string;
  readonly db: SqlDatabase;
  closed: boolean;
}

export interface LocalDrDatabaseOptions {
  readonly store: SnapshotStore;
  /** The live database the snapshots were taken of. */
  readonly db: SqlDatabase;
  /**
   * Runs on each restored copy right after the restore: `greenlight dr-test --corrupt` and the
   * tests use it to damage the copy, so the integrity check has something to find.
   */
  readonly afterRestore?: (copy: SqlDatabase) => Promise<void>;
}

export interface LocalDrDatabase extends DrDatabase {
  /** Every copy restored so far, by temporary instance id. */
  readonly copies: ReadonlyMap<string, LocalRestoredCopy>;
}

/**
 * The DR port over the local snapshot store. A restore is `openSnapshotCopy`: a scratch schema
 * in the same engine, isolated from the live database. Deleting the instance closes (and
 * drops) it. Local snapshots are all manual ones; `createdAtMs` comes from the store's clock.
 */
export function createLocalDrDatabase(options: LocalDrDatabaseOptions): LocalDrDatabase {
  const { store, db } = options;
  const copies = new Map<string, LocalRestoredCopy>();
  const ownSnapshots = (): Promise<readonly SnapshotRecord[]> => store.listSnapshots(db);
  const openCopy = (tempId: string): LocalRestoredCopy | undefined => {
    const copy = copies.get(tempId);
    return copy && !copy.closed ? copy : undefined;
  };

  return {
    copies,

    async findLatestSnapshot(_binding, { restorable }) {
      const latest = (await ownSnapshots()).filter((s) => matchesSnapshotPattern(s.id, restorable)).at(-1);
      return latest ? { snapshotId: latest.id, createdAtMs: latest.createdAtMs, kind: 'manual' } : null;
    },

    async restoreToIsolatedInstance(_binding, snapshotId, tempId) {
      if (copies.has(tempId)) return; // a retried call: RDS would answer "already exists"
      const copy = await store.openSnapshotCopy(db, snapshotId);
      copies.set(tempId, { snapshotId, db: copy, closed: false });
      await options.afterRestore?.(copy);
    },

    async restoreStatus(_binding, tempId) {
      return openCopy(tempId)
        ? { status: 'available', detail: 'available' }
        : { status: 'failed', detail: `no restored copy named ${tempId}` };
    },

    async integrity(_binding, tempId, tables) {
      const copy = openCopy(tempId);
      if (!copy) return [];
      const schema = await currentSchema(copy.db);
      const shapes = (await describeTables(copy.db, schema)).filter(
        (shape) => tables === null || tables.includes(shape.name),
      );
      const checksums = await tableChecksums(copy.db, schema, shapes);
      return checksums.map(({ name, rowCount, checksum }) => ({ table: name, rowCount, checksum }));
    },

    async expectedIntegrity(_binding, snapshotId) {
      const record = (await ownSnapshots()).find((s) => s.id === snapshotId);
      return record
        ? record.tables.map(
            ({ name, rowCount, checksum }): TableIntegrity => ({ table: name, rowCount, checksum }),
          )
        : null;
    },

    async deleteInstance(_binding, tempId) {
      const copy = openCopy(tempId);
      if (!copy) return 'not-found';
      copy.closed = true;
      await copy.db.close();
      return 'deleted';
    },
  };
}

/** The DR metrics port over the local metrics store (`putMetricData`, stamped by `clock`). */
export function localDrMetrics(
  target: { putMetricData(input: PutMetricDataCommandInput): void },
  clock: Clock,
): DrMetrics {
  return {
    async publish(name, value, unit, dimensions) {
      target.putMetricData({
        Namespace: drMetricNamespace,
        MetricData: [
          {
            MetricName: name,
            Value: value,
            Unit: unit,
            Timestamp: new Date(clock.nowMs()),
            Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })),
          },
        ],
      });
    },
  };
}

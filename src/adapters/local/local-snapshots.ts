import type { SnapshotStore } from '../../local-world/db/snapshots.ts';
import type { SqlDatabase } from '../../local-world/db/sql-database.ts';
import type { DatabaseSnapshots, SnapshotStatus } from '../../ports/database.ts';
import type { ServiceBinding } from '../../schema/config.ts';

/**
 * The DatabaseSnapshots port over the local snapshot store: a real, restorable copy of the
 * service's database (a schema copy in the world's engine). Creation is synchronous here, so
 * the first poll finds it available (with the row counts and checksums it recorded).
 */
export class LocalSnapshots implements DatabaseSnapshots {
  readonly tags = new Map<string, Readonly<Record<string, string>>>();

  constructor(
    private readonly store: SnapshotStore,
    /** The service's database, by its binding. */
    private readonly databaseFor: (binding: ServiceBinding) => SqlDatabase,
  ) {}

  async createSnapshot(
    binding: ServiceBinding,
    snapshotId: string,
    tags: Readonly<Record<string, string>>,
  ): Promise<void> {
    const db = this.databaseFor(binding);
    // A retried call finds the snapshot there, as RDS answers DBSnapshotAlreadyExists.
    const existing = await this.store.listSnapshots(db);
    if (!existing.some((snapshot) => snapshot.id === snapshotId))
      await this.store.createSnapshot(db, snapshotId);
    this.tags.set(snapshotId, tags);
  }

  async snapshotStatus(binding: ServiceBinding, snapshotId: string): Promise<SnapshotStatus> {
    const snapshots = await this.store.listSnapshots(this.databaseFor(binding));
    const found = snapshots.find((snapshot) => snapshot.id === snapshotId);
    if (!found) return { snapshotId, status: 'failed', progressPercent: 0, detail: 'no such snapshot' };
    const rows = found.tables.reduce((total, table) => total + table.rowCount, 0);
    return {
      snapshotId,
      status: 'available',
      progressPercent: 100,
      detail: `${found.tables.length} tables, ${rows} rows`,
    };
  }
}

import type { SnapshotStore } from '../../local-world/db/snapshots.ts';
import type { SqlDatabase } from '../../local-world/db/sql-database.ts';
import type { DatabaseSnapshots, SnapshotStatus } from '../../ports/database.ts';
import type { ServiceBinding } from '../../schema/config.ts';

/**
 * The DatabaseSnapshots port over the local snapshot store: a real, restorable copy of the
 * database (a PGlite data-dir dump, or schema copies on a real server). Creation is
 * synchronous here, so the first poll finds it available (with the row counts and checksums it recorded).
 */
export class LocalSnapshots implements DatabaseSnapshots {
  readonly tags = new Map<string, Readonly<Record<string, string>>>();

  constructor(
    private readonly store: SnapshotStore,
    private readonly db: SqlDatabase,
  ) {}

  async createSnapshot(
    _binding: ServiceBinding,
    snapshotId: string,
    tags: Readonly<Record<string, string>>,
  ): Promise<void> {
    if (this.tags.has(snapshotId)) return; // a retried call: the snapshot exists (RDS answers DBSnapshotAlreadyExists)
    await this.store.createSnapshot(this.db, snapshotId);
    this.tags.set(snapshotId, tags);
  }

  async snapshotStatus(_binding: ServiceBinding, snapshotId: string): Promise<SnapshotStatus> {
    const snapshots = await this.store.listSnapshots(this.db.kind === 'postgres' ? this.db : undefined);
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

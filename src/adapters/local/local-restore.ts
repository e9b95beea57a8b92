import type { RestoreNames, RestoreObservation } from '../../core/snapshot-restore.ts';
import type { SnapshotStore } from '../../local-world/db/snapshots.ts';
import type { SqlDatabase } from '../../local-world/db/sql-database.ts';
import type { DatabaseRestore, RestoreStep } from '../../ports/database-restore.ts';

/**
 * The rollback's snapshot restore on the local engine. There are no instances to rename here,
 * so `start-restore` does the whole swap at once, in the same order as on RDS: first the current
 * data is kept (as snapshot `keptId`, with every write made since the backup), then the database
 * is put back to the snapshot in place and checked row for row against the snapshot's record.
 */
export class LocalRestore implements DatabaseRestore {
  private readonly restored = new Set<string>();

  constructor(
    private readonly store: SnapshotStore,
    private readonly db: SqlDatabase,
  ) {}

  async observe(_binding: unknown, names: RestoreNames): Promise<RestoreObservation> {
    const done = this.restored.has(names.deploymentId);
    return {
      current: { status: 'available', restoredByThisDeployment: done },
      restored: null,
      kept: (await this.hasSnapshot(names.keptId))
        ? { status: 'available', restoredByThisDeployment: false }
        : null,
    };
  }

  async perform(_binding: unknown, names: RestoreNames, step: RestoreStep): Promise<void> {
    if (step !== 'start-restore' || this.restored.has(names.deploymentId)) return;
    if (!(await this.hasSnapshot(names.keptId))) await this.store.createSnapshot(this.db, names.keptId);
    await this.store.restoreSnapshot(this.db, names.snapshotId);
    this.restored.add(names.deploymentId);
  }

  private async hasSnapshot(id: string): Promise<boolean> {
    const all = await this.store.listSnapshots(this.db.kind === 'postgres' ? this.db : undefined);
    return all.some((snapshot) => snapshot.id === id);
  }
}

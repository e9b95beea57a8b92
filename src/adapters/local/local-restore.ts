import type { RestoreNames, RestoreObservation } from '../../core/snapshot-restore.ts';
import type { SqlDatabase } from '../../db/engine/sql-database.ts';
import type { SnapshotStore } from '../../local-world/db/snapshots.ts';
import type { DatabaseRestore, RestoreStep } from '../../ports/database-restore.ts';
import type { ServiceBinding } from '../../schema/config.ts';

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
    /** The service's database, by its binding. */
    private readonly databaseFor: (binding: ServiceBinding) => SqlDatabase,
  ) {}

  async observe(binding: ServiceBinding, names: RestoreNames): Promise<RestoreObservation> {
    const done = this.restored.has(names.deploymentId);
    return {
      current: { status: 'available', restoredByThisDeployment: done },
      restored: null,
      kept: (await this.hasSnapshot(this.databaseFor(binding), names.keptId))
        ? { status: 'available', restoredByThisDeployment: false }
        : null,
    };
  }

  async perform(binding: ServiceBinding, names: RestoreNames, step: RestoreStep): Promise<void> {
    if (step !== 'start-restore' || this.restored.has(names.deploymentId)) return;
    const db = this.databaseFor(binding);
    if (!(await this.hasSnapshot(db, names.keptId))) await this.store.createSnapshot(db, names.keptId);
    await this.store.restoreSnapshot(db, names.snapshotId);
    this.restored.add(names.deploymentId);
  }

  private async hasSnapshot(db: SqlDatabase, id: string): Promise<boolean> {
    const all = await this.store.listSnapshots(db);
    return all.some((snapshot) => snapshot.id === id);
  }
}

import { inScope } from '../../core/snapshot-retention.ts';
import type { SqlDatabase } from '../../db/engine/sql-database.ts';
import type { SnapshotStore } from '../../local-world/db/snapshots.ts';
import type { CatalogSnapshot, SnapshotCatalog, SnapshotScope } from '../../ports/snapshot-retention.ts';

/** What the local catalog reads the tags from: the `tags` map `LocalSnapshots` keeps. */
export interface LocalSnapshotTags {
  readonly tags: Map<string, Readonly<Record<string, string>>>;
}

/**
 * The SnapshotCatalog over the local snapshot store. The store keeps no tags, so they come
 * from the `LocalSnapshots` adapter that took the snapshots: a snapshot it did not take has
 * none and is never Greenlight's. Every local snapshot is an instance snapshot.
 */
export class LocalSnapshotCatalog implements SnapshotCatalog {
  constructor(
    private readonly store: SnapshotStore,
    private readonly db: SqlDatabase,
    private readonly tagged: LocalSnapshotTags,
  ) {}

  async listGreenlightSnapshots(scope: SnapshotScope): Promise<readonly CatalogSnapshot[]> {
    const records = await this.store.listSnapshots(this.db);
    return records.flatMap((record) => {
      const tags = this.tagged.tags.get(record.id) ?? {};
      return inScope(tags, scope)
        ? [{ snapshotId: record.id, tags, createdAtMs: record.createdAtMs, kind: 'instance' as const }]
        : [];
    });
  }

  async deleteSnapshot(snapshotId: string): Promise<'deleted' | 'not-found'> {
    const records = await this.store.listSnapshots(this.db);
    if (!records.some((record) => record.id === snapshotId)) {
      this.tagged.tags.delete(snapshotId);
      return 'not-found';
    }
    await this.store.deleteSnapshot(this.db, snapshotId);
    this.tagged.tags.delete(snapshotId);
    return 'deleted';
  }
}

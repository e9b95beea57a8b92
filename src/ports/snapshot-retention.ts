/** A Greenlight snapshot as the catalog lists it: what retention needs to decide. */
export interface CatalogSnapshot {
  readonly snapshotId: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly createdAtMs: number;
  /** Instance snapshot (DeleteDBSnapshot) or Aurora cluster snapshot (DeleteDBClusterSnapshot). */
  readonly kind: 'instance' | 'cluster';
}

/** Which snapshots to list: all of Greenlight's, or one service's and/or environment's. */
export interface SnapshotScope {
  readonly service?: string;
  readonly environment?: string;
}

/**
 * Greenlight's database snapshots, for the retention clean-up: list them with their tags,
 * delete one. RDS manual snapshots on AWS; the local snapshot store offline.
 */
export interface SnapshotCatalog {
  /** Snapshots tagged `greenlight:deployment`, narrowed by the service/environment tags. */
  listGreenlightSnapshots(scope: SnapshotScope): Promise<readonly CatalogSnapshot[]>;
  /** Deletes one snapshot; one that is already gone answers `not-found` (a retried run). */
  deleteSnapshot(snapshotId: string, kind: CatalogSnapshot['kind']): Promise<'deleted' | 'not-found'>;
}

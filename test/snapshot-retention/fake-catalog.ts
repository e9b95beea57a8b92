import type { CatalogSnapshot, SnapshotCatalog, SnapshotScope } from '../../src/ports/snapshot-retention.ts';

/** An in-memory SnapshotCatalog; `failOn` makes chosen deletions throw. */
export class FakeSnapshotCatalog implements SnapshotCatalog {
  readonly deleted: string[] = [];
  readonly snapshots: CatalogSnapshot[];

  constructor(
    snapshots: readonly CatalogSnapshot[],
    private readonly failOn: ReadonlyMap<string, Error> = new Map(),
  ) {
    this.snapshots = [...snapshots];
  }

  async listGreenlightSnapshots(scope: SnapshotScope): Promise<readonly CatalogSnapshot[]> {
    return this.snapshots.filter(
      (s) =>
        (scope.service === undefined || s.tags['greenlight:service'] === scope.service) &&
        (scope.environment === undefined || s.tags['greenlight:environment'] === scope.environment),
    );
  }

  async deleteSnapshot(snapshotId: string): Promise<'deleted' | 'not-found'> {
    const failure = this.failOn.get(snapshotId);
    if (failure) throw failure;
    const index = this.snapshots.findIndex((s) => s.snapshotId === snapshotId);
    if (index < 0) return 'not-found';
    this.snapshots.splice(index, 1);
    this.deleted.push(snapshotId);
    return 'deleted';
  }
}

/** A Greenlight-tagged snapshot of `service` in prod, retained until `retainUntil`. */
export function tagged(
  snapshotId: string,
  retainUntil: string,
  options: { deploymentId?: string; service?: string; kind?: CatalogSnapshot['kind'] } = {},
): CatalogSnapshot {
  return {
    snapshotId,
    kind: options.kind ?? 'instance',
    createdAtMs: 0,
    tags: {
      'greenlight:deployment': options.deploymentId ?? snapshotId,
      'greenlight:service': options.service ?? 'shop',
      'greenlight:environment': 'prod',
      'greenlight:retain-until': retainUntil,
    },
  };
}

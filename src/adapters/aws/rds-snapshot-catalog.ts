import {
  DeleteDBClusterSnapshotCommand,
  DeleteDBSnapshotCommand,
  DescribeDBClusterSnapshotsCommand,
  DescribeDBSnapshotsCommand,
  RDSClient,
  type Tag,
} from '@aws-sdk/client-rds';
import { inScope } from '../../core/snapshot-retention.ts';
import { ResourceNotFoundError } from '../../errors.ts';
import type { CatalogSnapshot, SnapshotCatalog, SnapshotScope } from '../../ports/snapshot-retention.ts';
import type { IamActionsOf } from './iam.ts';
import { callAws } from './sdk-errors.ts';

export interface RdsSnapshotCatalogOptions {
  /** @default a new client */
  readonly client?: RDSClient;
}

/** The tags of an RDS describe result as a record; entries without a key are dropped. */
export function tagsOf(list: readonly Tag[] | undefined): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const tag of list ?? []) if (tag.Key) tags[tag.Key] = tag.Value ?? '';
  return tags;
}

/**
 * Greenlight's manual RDS snapshots, instance and Aurora cluster ones. RDS cannot filter a
 * describe by tag, so every manual snapshot is listed (with its TagList) and filtered here.
 */
export class RdsSnapshotCatalog implements SnapshotCatalog {
  /** The IAM actions each method calls (src/adapters/aws/iam.ts). */
  static readonly iamActions: IamActionsOf<SnapshotCatalog> = {
    listGreenlightSnapshots: ['rds:DescribeDBSnapshots', 'rds:DescribeDBClusterSnapshots'],
    deleteSnapshot: ['rds:DeleteDBSnapshot', 'rds:DeleteDBClusterSnapshot'],
  };

  private readonly client: RDSClient;

  constructor(options: RdsSnapshotCatalogOptions = {}) {
    this.client = options.client ?? new RDSClient({});
  }

  async listGreenlightSnapshots(scope: SnapshotScope): Promise<readonly CatalogSnapshot[]> {
    const found = [...(await this.listInstanceSnapshots()), ...(await this.listClusterSnapshots())];
    return found.filter((snapshot) => inScope(snapshot.tags, scope));
  }

  async deleteSnapshot(snapshotId: string, kind: CatalogSnapshot['kind']): Promise<'deleted' | 'not-found'> {
    const operation = kind === 'cluster' ? 'DeleteDBClusterSnapshot' : 'DeleteDBSnapshot';
    try {
      await callAws({ operation, resource: snapshotId }, () =>
        kind === 'cluster'
          ? this.client.send(new DeleteDBClusterSnapshotCommand({ DBClusterSnapshotIdentifier: snapshotId }))
          : this.client.send(new DeleteDBSnapshotCommand({ DBSnapshotIdentifier: snapshotId })),
      );
      return 'deleted';
    } catch (error) {
      // DBSnapshotNotFoundFault / DBClusterSnapshotNotFoundFault: already gone is what we wanted.
      if (error instanceof ResourceNotFoundError) return 'not-found';
      throw error;
    }
  }

  private async listInstanceSnapshots(): Promise<CatalogSnapshot[]> {
    const snapshots: CatalogSnapshot[] = [];
    let marker: string | undefined;
    do {
      const response = await callAws({ operation: 'DescribeDBSnapshots', resource: 'manual snapshots' }, () =>
        this.client.send(new DescribeDBSnapshotsCommand({ SnapshotType: 'manual', Marker: marker })),
      );
      for (const s of response.DBSnapshots ?? []) {
        if (!s.DBSnapshotIdentifier) continue;
        snapshots.push({
          snapshotId: s.DBSnapshotIdentifier,
          tags: tagsOf(s.TagList),
          createdAtMs: s.SnapshotCreateTime?.getTime() ?? 0,
          kind: 'instance',
        });
      }
      marker = response.Marker;
    } while (marker);
    return snapshots;
  }

  private async listClusterSnapshots(): Promise<CatalogSnapshot[]> {
    const snapshots: CatalogSnapshot[] = [];
    let marker: string | undefined;
    do {
      const response = await callAws(
        { operation: 'DescribeDBClusterSnapshots', resource: 'manual cluster snapshots' },
        () =>
          this.client.send(new DescribeDBClusterSnapshotsCommand({ SnapshotType: 'manual', Marker: marker })),
      );
      for (const s of response.DBClusterSnapshots ?? []) {
        if (!s.DBClusterSnapshotIdentifier) continue;
        snapshots.push({
          snapshotId: s.DBClusterSnapshotIdentifier,
          tags: tagsOf(s.TagList),
          createdAtMs: s.SnapshotCreateTime?.getTime() ?? 0,
          kind: 'cluster',
        });
      }
      marker = response.Marker;
    } while (marker);
    return snapshots;
  }
}

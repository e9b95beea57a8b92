import {
  CreateDBClusterSnapshotCommand,
  CreateDBSnapshotCommand,
  DescribeDBClusterSnapshotsCommand,
  DescribeDBSnapshotsCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { rdsIdentifier } from '../../core/arns.ts';
import { ResourceNotFoundError } from '../../errors.ts';
import type { DatabaseSnapshots, SnapshotStatus } from '../../ports/database.ts';
import type { ServiceBinding } from '../../schema/config.ts';
import type { IamActionsOf } from './iam.ts';
import { callAws, isSdkError } from './sdk-errors.ts';
import type { SnapshotIntegrityRecorder } from './snapshot-integrity-recorder.ts';

/** RDS snapshot states → the port's three. Anything not listed is still in progress. */
export function snapshotStateOf(rdsStatus: string | undefined): SnapshotStatus['status'] {
  if (rdsStatus === 'available') return 'available';
  if (rdsStatus && /fail|error|incompatible|deleted|deleting/.test(rdsStatus)) return 'failed';
  return 'creating';
}

/** The newest available snapshot of a database, for the DR drill. */
export interface LatestSnapshot {
  readonly snapshotId: string;
  readonly createdAtMs: number;
}

interface SnapshotSummary {
  readonly id: string | undefined;
  readonly status: string | undefined;
  readonly createdAt: Date | undefined;
  readonly progressPercent: number | undefined;
}

export interface RdsSnapshotsOptions {
  /** @default a new client */
  readonly client?: RDSClient;
  /**
   * Records the database's row counts and checksums with each snapshot it creates, for the
   * DR drill (the Backup function sets it when the stack has the database secrets).
   * @default - nothing is recorded
   */
  readonly integrity?: SnapshotIntegrityRecorder;
}

/** Instance snapshots (CreateDBSnapshot) or Aurora cluster snapshots, by `binding.database.kind`. */
export class RdsSnapshots implements DatabaseSnapshots {
  /** The IAM actions each method calls (src/adapters/aws/iam.ts). */
  static readonly iamActions: IamActionsOf<DatabaseSnapshots> = {
    createSnapshot: [
      'rds:CreateDBSnapshot',
      'rds:CreateDBClusterSnapshot',
      'rds:AddTagsToResource',
      'rds:DescribeDBSnapshots',
      'rds:DescribeDBClusterSnapshots',
    ],
    snapshotStatus: ['rds:DescribeDBSnapshots', 'rds:DescribeDBClusterSnapshots'],
  };

  private readonly client: RDSClient;
  private readonly integrity: SnapshotIntegrityRecorder | undefined;

  constructor(options: RdsSnapshotsOptions = {}) {
    this.client = options.client ?? new RDSClient({});
    this.integrity = options.integrity;
  }

  async createSnapshot(
    binding: ServiceBinding,
    snapshotId: string,
    tags: Readonly<Record<string, string>>,
  ): Promise<void> {
    // Read immediately before the snapshot is requested. A live database keeps changing
    // between the read and the instant RDS snapshots it, so the restored copy may differ by
    // the writes in between: that is what the drill's row-count tolerance is for (checksums
    // are compared only at 0%, which suits a database that was quiet while it was backed up).
    const figures = (await this.integrity?.readBeforeSnapshot(binding, snapshotId)) ?? null;
    const created = await this.requestSnapshot(binding, snapshotId, tags);
    // A retried step finds its snapshot already taken, earlier than these figures: the call
    // that created it recorded its own (or nothing), so these are not stored over them.
    if (created && figures) await this.integrity?.record(snapshotId, figures);
  }

  /** Asks RDS for the snapshot; false when it already exists (a retried Backup step). */
  private async requestSnapshot(
    binding: ServiceBinding,
    snapshotId: string,
    tags: Readonly<Record<string, string>>,
  ): Promise<boolean> {
    const database = rdsIdentifier(binding.database.id);
    const Tags = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
    const call = {
      operation: binding.database.kind === 'cluster' ? 'CreateDBClusterSnapshot' : 'CreateDBSnapshot',
      resource: database,
      configHint: 'database.id in the service binding',
    };
    try {
      await callAws(call, () =>
        binding.database.kind === 'cluster'
          ? this.client.send(
              new CreateDBClusterSnapshotCommand({
                DBClusterIdentifier: database,
                DBClusterSnapshotIdentifier: snapshotId,
                Tags,
              }),
            )
          : this.client.send(
              new CreateDBSnapshotCommand({
                DBInstanceIdentifier: database,
                DBSnapshotIdentifier: snapshotId,
                Tags,
              }),
            ),
      );
      return true;
    } catch (error) {
      // A retried Backup step asks again for the snapshot it already started: that is success.
      if (
        isSdkError(error, 'DBSnapshotAlreadyExistsFault') ||
        isSdkError(error, 'DBClusterSnapshotAlreadyExistsFault')
      ) {
        return false;
      }
      throw error;
    }
  }

  async snapshotStatus(binding: ServiceBinding, snapshotId: string): Promise<SnapshotStatus> {
    const [snapshot] = await this.describe(binding, { snapshotId });
    if (!snapshot)
      throw new ResourceNotFoundError(`snapshot ${snapshotId} of ${binding.database.id} not found`);
    const status = snapshotStateOf(snapshot.status);
    return {
      snapshotId,
      status,
      progressPercent: status === 'available' ? 100 : (snapshot.progressPercent ?? 0),
      detail: `${snapshot.status ?? 'unknown'}, ${snapshot.progressPercent ?? 0}% done`,
    };
  }

  /** The newest available snapshot (automated or manual) of the bound database, or null. */
  async findLatestSnapshot(binding: ServiceBinding): Promise<LatestSnapshot | null> {
    const snapshots = await this.describe(binding, {});
    let latest: LatestSnapshot | null = null;
    for (const snapshot of snapshots) {
      if (snapshot.status !== 'available' || !snapshot.id || !snapshot.createdAt) continue;
      const createdAtMs = snapshot.createdAt.getTime();
      if (!latest || createdAtMs > latest.createdAtMs) latest = { snapshotId: snapshot.id, createdAtMs };
    }
    return latest;
  }

  private async describe(
    binding: ServiceBinding,
    filter: { snapshotId?: string },
  ): Promise<SnapshotSummary[]> {
    const database = rdsIdentifier(binding.database.id);
    const summaries: SnapshotSummary[] = [];
    let marker: string | undefined;
    do {
      if (binding.database.kind === 'cluster') {
        const response = await callAws(
          { operation: 'DescribeDBClusterSnapshots', resource: filter.snapshotId ?? database },
          () =>
            this.client.send(
              new DescribeDBClusterSnapshotsCommand(
                filter.snapshotId
                  ? { DBClusterSnapshotIdentifier: filter.snapshotId, Marker: marker }
                  : { DBClusterIdentifier: database, Marker: marker },
              ),
            ),
        );
        for (const s of response.DBClusterSnapshots ?? []) {
          summaries.push({
            id: s.DBClusterSnapshotIdentifier,
            status: s.Status,
            createdAt: s.SnapshotCreateTime,
            progressPercent: s.PercentProgress,
          });
        }
        marker = response.Marker;
      } else {
        const response = await callAws(
          { operation: 'DescribeDBSnapshots', resource: filter.snapshotId ?? database },
          () =>
            this.client.send(
              new DescribeDBSnapshotsCommand(
                filter.snapshotId
                  ? { DBSnapshotIdentifier: filter.snapshotId, Marker: marker }
                  : { DBInstanceIdentifier: database, Marker: marker },
              ),
            ),
        );
        for (const s of response.DBSnapshots ?? []) {
          summaries.push({
            id: s.DBSnapshotIdentifier,
            status: s.Status,
            createdAt: s.SnapshotCreateTime,
            progressPercent: s.PercentProgress,
          });
        }
        marker = response.Marker;
      }
    } while (marker);
    return summaries;
  }
}

import {
  CreateDBInstanceCommand,
  DeleteDBClusterCommand,
  DeleteDBInstanceCommand,
  DescribeDBClusterSnapshotsCommand,
  DescribeDBSnapshotsCommand,
  RDSClient,
  RestoreDBClusterFromSnapshotCommand,
  RestoreDBInstanceFromDBSnapshotCommand,
} from '@aws-sdk/client-rds';
import { rdsIdentifier } from '../../core/arns.ts';
import { matchesSnapshotPattern } from '../../core/drillable-snapshots.ts';
import { writerInstanceIdOf } from '../../core/rds-identifiers.ts';
import { IntegrityUnavailableError } from '../../dr/dr-errors.ts';
import type { DrDatabase, RestoreStatus, SnapshotRef, TableIntegrity } from '../../dr/dr-ports.ts';
import { ConfigError, ResourceNotFoundError, ServiceUnavailableError } from '../../errors.ts';
import type { Store } from '../../ports/store.ts';
import type { ServiceBinding } from '../../schema/config.ts';
import type { IamActionsOf } from './iam.ts';
import { findDbCluster, findDbInstance, ignoringAlreadyExists } from './rds-lookups.ts';
import { callAws, isSdkError } from './sdk-errors.ts';

/** Reads row counts and checksums over SQL from a restored instance's endpoint. */
export type IntegrityReader = (request: {
  readonly binding: ServiceBinding;
  readonly host: string;
  readonly port: number;
  readonly tables: readonly string[] | null;
}) => Promise<TableIntegrity[]>;

export interface RdsRestoreOptions {
  /** The security group of every temporary instance: no ingress except from the drill's verifier. */
  readonly securityGroupId: string;
  /**
   * The subnet group of every temporary instance. It must be in the security group's VPC: RDS
   * refuses a security group of another VPC than the subnet group's.
   * @default - the source database's own subnet group (its VPC is the app's, like the security group's)
   */
  readonly subnetGroupName?: string;
  /**
   * Instance class of the temporary instance (an Aurora cluster's writer needs one).
   * @default - the snapshot's class for an instance; db.t4g.medium for an Aurora writer
   */
  readonly instanceClass?: string;
  /** @default - integrity checks fail with IntegrityUnavailableError naming what is missing */
  readonly readIntegrity?: IntegrityReader;
  /**
   * Where the Backup step recorded each Greenlight snapshot's row counts and checksums (the
   * Greenlight table).
   * @default - nothing was recorded: the drill checks presence only
   */
  readonly integrityRecords?: Pick<Store, 'getSnapshotIntegrity'>;
  /** @default a new client */
  readonly client?: RDSClient;
}

/** Only instances this drill created may ever be deleted: they all carry this prefix. */
export const drillInstancePrefix = 'gl-dr-';
const drillTags = (snapshotId: string) => [
  { Key: 'greenlight:dr-drill', Value: 'true' },
  { Key: 'greenlight:source-snapshot', Value: snapshotId.slice(0, 256) },
];
const failedStates = /fail|incompatible|storage-full|inaccessible|restore-error/;

function stateOf(status: string | undefined): RestoreStatus['status'] {
  if (status === 'available') return 'available';
  return status && failedStates.test(status) ? 'failed' : 'creating';
}

function assertDrillInstance(tempId: string): void {
  if (!tempId.startsWith(drillInstancePrefix)) {
    throw new ConfigError(
      `refusing to touch "${tempId}": DR drills only restore into and delete instances named ${drillInstancePrefix}…`,
    );
  }
}

/**
 * The DR port on RDS: restores the newest snapshot (automated or manual) into a temporary,
 * private instance (or Aurora cluster plus writer) with its own security group, watches it,
 * reads its tables over SQL, and deletes it without a final snapshot (it is a throwaway copy).
 * Every delete is idempotent: an instance that is already gone is `not-found`.
 *
 * RDS records no row counts with a snapshot. Greenlight's Backup step records them in the
 * Greenlight table just before it takes a snapshot, and `expectedIntegrity` reads them back;
 * for any other snapshot (an automated backup, a hand-made one) it is null and the integrity
 * check can only prove that the tables are present and readable.
 */
export class RdsRestore implements DrDatabase {
  /** The IAM actions each method calls (src/adapters/aws/iam.ts). */
  static readonly iamActions: IamActionsOf<DrDatabase> = {
    findLatestSnapshot: ['rds:DescribeDBSnapshots', 'rds:DescribeDBClusterSnapshots'],
    restoreToIsolatedInstance: [
      'rds:DescribeDBInstances',
      'rds:DescribeDBClusters',
      'rds:DescribeDBClusterSnapshots',
      'rds:RestoreDBInstanceFromDBSnapshot',
      'rds:RestoreDBClusterFromSnapshot',
      'rds:CreateDBInstance',
      'rds:AddTagsToResource',
    ],
    restoreStatus: ['rds:DescribeDBInstances', 'rds:DescribeDBClusters'],
    integrity: ['rds:DescribeDBInstances', 'rds:DescribeDBClusters'],
    expectedIntegrity: ['dynamodb:GetItem'],
    deleteInstance: ['rds:DeleteDBInstance', 'rds:DeleteDBCluster', 'rds:DescribeDBInstances'],
  };

  private readonly client: RDSClient;

  constructor(private readonly options: RdsRestoreOptions) {
    this.client = options.client ?? new RDSClient({});
  }

  async findLatestSnapshot(
    binding: ServiceBinding,
    { includeAutomated, restorable }: { includeAutomated: boolean; restorable: readonly string[] },
  ): Promise<SnapshotRef | null> {
    const database = rdsIdentifier(binding.database.id);
    const SnapshotType = includeAutomated ? undefined : 'manual';
    const found: { id?: string; status?: string; type?: string; createdAt?: Date }[] = [];
    let marker: string | undefined;
    do {
      const call = { resource: database, configHint: 'database.id in the service binding' };
      if (binding.database.kind === 'cluster') {
        const page = await callAws({ ...call, operation: 'DescribeDBClusterSnapshots' }, () =>
          this.client.send(
            new DescribeDBClusterSnapshotsCommand({
              DBClusterIdentifier: database,
              SnapshotType,
              Marker: marker,
            }),
          ),
        );
        for (const s of page.DBClusterSnapshots ?? [])
          found.push({
            id: s.DBClusterSnapshotIdentifier,
            status: s.Status,
            type: s.SnapshotType,
            createdAt: s.SnapshotCreateTime,
          });
        marker = page.Marker;
      } else {
        const page = await callAws({ ...call, operation: 'DescribeDBSnapshots' }, () =>
          this.client.send(
            new DescribeDBSnapshotsCommand({ DBInstanceIdentifier: database, SnapshotType, Marker: marker }),
          ),
        );
        for (const s of page.DBSnapshots ?? [])
          found.push({
            id: s.DBSnapshotIdentifier,
            status: s.Status,
            type: s.SnapshotType,
            createdAt: s.SnapshotCreateTime,
          });
        marker = page.Marker;
      }
    } while (marker);
    let latest: SnapshotRef | null = null;
    for (const s of found) {
      if (s.status !== 'available' || !s.id || !s.createdAt) continue;
      // One the DR role may not restore (a hand-made or AWS Backup snapshot) is never picked.
      if (!matchesSnapshotPattern(s.id, restorable)) continue;
      if (latest && s.createdAt.getTime() <= latest.createdAtMs) continue;
      latest = {
        snapshotId: s.id,
        createdAtMs: s.createdAt.getTime(),
        kind: s.type === 'automated' ? 'automated' : 'manual',
      };
    }
    return latest;
  }

  async restoreToIsolatedInstance(
    binding: ServiceBinding,
    snapshotId: string,
    tempId: string,
  ): Promise<void> {
    assertDrillInstance(tempId);
    const isolation = {
      VpcSecurityGroupIds: [this.options.securityGroupId],
      DBSubnetGroupName: this.options.subnetGroupName ?? (await this.sourceSubnetGroup(binding)),
      DeletionProtection: false,
      Tags: drillTags(snapshotId),
    };
    const call = { resource: snapshotId, configHint: 'the snapshot found by FindSnapshot' };
    await ignoringAlreadyExists(async () => {
      if (binding.database.kind !== 'cluster') {
        await callAws({ ...call, operation: 'RestoreDBInstanceFromDBSnapshot' }, () =>
          this.client.send(
            new RestoreDBInstanceFromDBSnapshotCommand({
              ...isolation,
              DBInstanceIdentifier: tempId,
              DBSnapshotIdentifier: snapshotId,
              DBInstanceClass: this.options.instanceClass,
              PubliclyAccessible: false,
              MultiAZ: false,
            }),
          ),
        );
        return;
      }
      const described = await callAws({ ...call, operation: 'DescribeDBClusterSnapshots' }, () =>
        this.client.send(new DescribeDBClusterSnapshotsCommand({ DBClusterSnapshotIdentifier: snapshotId })),
      );
      const engine = described.DBClusterSnapshots?.[0]?.Engine;
      if (!engine)
        throw new ResourceNotFoundError(`cluster snapshot ${snapshotId} not found or has no engine`);
      await ignoringAlreadyExists(() =>
        callAws({ ...call, operation: 'RestoreDBClusterFromSnapshot' }, () =>
          this.client.send(
            new RestoreDBClusterFromSnapshotCommand({
              ...isolation,
              DBClusterIdentifier: tempId,
              SnapshotIdentifier: snapshotId,
              Engine: engine,
            }),
          ),
        ),
      );
      await callAws({ operation: 'CreateDBInstance', resource: writerInstanceIdOf(tempId) }, () =>
        this.client.send(
          new CreateDBInstanceCommand({
            DBInstanceIdentifier: writerInstanceIdOf(tempId),
            DBClusterIdentifier: tempId,
            Engine: engine,
            DBInstanceClass: this.options.instanceClass ?? 'db.t4g.medium',
            PubliclyAccessible: false,
            Tags: drillTags(snapshotId),
          }),
        ),
      );
    });
  }

  async restoreStatus(binding: ServiceBinding, tempId: string): Promise<RestoreStatus> {
    const instance = await this.describeInstance(
      binding.database.kind === 'cluster' ? writerInstanceIdOf(tempId) : tempId,
    );
    if (!instance)
      return {
        status: 'failed',
        detail: `${tempId} does not exist (the restore was never started or was deleted)`,
      };
    if (binding.database.kind !== 'cluster')
      return { status: stateOf(instance.status), detail: instance.status ?? 'unknown' };
    const cluster = await this.describeCluster(tempId);
    const states = [stateOf(cluster?.status), stateOf(instance.status)];
    const detail = `cluster ${cluster?.status ?? 'missing'}, writer ${instance.status ?? 'unknown'}`;
    if (!cluster || states.includes('failed')) return { status: 'failed', detail };
    return { status: states.every((s) => s === 'available') ? 'available' : 'creating', detail };
  }

  async integrity(
    binding: ServiceBinding,
    tempId: string,
    tables: readonly string[] | null,
  ): Promise<TableIntegrity[]> {
    const endpoint =
      binding.database.kind === 'cluster'
        ? await this.describeCluster(tempId)
        : await this.describeInstance(tempId);
    if (!endpoint?.host || !endpoint.port) {
      throw new ResourceNotFoundError(`the temporary instance ${tempId} has no endpoint yet`);
    }
    if (!this.options.readIntegrity) {
      throw new IntegrityUnavailableError(
        `cannot read the tables of ${tempId}: no database secret is configured for this service (aws.databaseSecrets), so the drill has no SQL credentials; the restore itself succeeded`,
      );
    }
    return this.options.readIntegrity({ binding, host: endpoint.host, port: endpoint.port, tables });
  }

  async expectedIntegrity(_binding: ServiceBinding, snapshotId: string): Promise<TableIntegrity[] | null> {
    const record = await this.options.integrityRecords?.getSnapshotIntegrity(snapshotId);
    return record ? [...record.tables] : null;
  }

  async deleteInstance(binding: ServiceBinding, tempId: string): Promise<'deleted' | 'not-found'> {
    assertDrillInstance(tempId);
    if (binding.database.kind !== 'cluster') return this.deleteDbInstance(tempId);
    const writer = await this.deleteDbInstance(writerInstanceIdOf(tempId));
    try {
      await callAws({ operation: 'DeleteDBCluster', resource: tempId }, () =>
        this.client.send(
          new DeleteDBClusterCommand({ DBClusterIdentifier: tempId, SkipFinalSnapshot: true }),
        ),
      );
      return 'deleted';
    } catch (error) {
      if (error instanceof ResourceNotFoundError) return writer;
      if (isSdkError(error, 'InvalidDBClusterStateFault')) {
        throw new ServiceUnavailableError(
          `cluster ${tempId} cannot be deleted yet (its writer is still being deleted); Cleanup retries`,
          { cause: error },
        );
      }
      throw error;
    }
  }

  private async deleteDbInstance(id: string): Promise<'deleted' | 'not-found'> {
    try {
      await callAws({ operation: 'DeleteDBInstance', resource: id }, () =>
        this.client.send(
          new DeleteDBInstanceCommand({
            DBInstanceIdentifier: id,
            SkipFinalSnapshot: true,
            DeleteAutomatedBackups: true,
          }),
        ),
      );
      return 'deleted';
    } catch (error) {
      if (error instanceof ResourceNotFoundError) return 'not-found';
      if (!isSdkError(error, 'InvalidDBInstanceStateFault')) throw error;
      const status = (await this.describeInstance(id))?.status;
      if (status === undefined) return 'not-found';
      if (status === 'deleting') return 'deleted';
      throw new ServiceUnavailableError(`${id} is ${status} and cannot be deleted yet; Cleanup retries`, {
        cause: error,
      });
    }
  }

  /**
   * The subnet group of the database the snapshot is of. Without one named, RDS would put the
   * copy in the account's default subnet group, in the default VPC, where the drill's security
   * group (in the app's VPC) is refused.
   */
  private async sourceSubnetGroup(binding: ServiceBinding): Promise<string> {
    const id = rdsIdentifier(binding.database.id);
    const subnetGroup =
      binding.database.kind === 'cluster'
        ? (await findDbCluster(this.client, id))?.DBSubnetGroup
        : (await findDbInstance(this.client, id))?.DBSubnetGroup?.DBSubnetGroupName;
    if (!subnetGroup)
      throw new ConfigError(
        `the drill's copy of ${id} needs a subnet group in the VPC of its security group ${this.options.securityGroupId}, ` +
          `and ${id} was not found to take its own from: set drSchedule.subnetGroupName in the config`,
      );
    return subnetGroup;
  }

  private async describeInstance(
    id: string,
  ): Promise<{ status?: string; host?: string; port?: number } | null> {
    const instance = await findDbInstance(this.client, id);
    return instance
      ? { status: instance.DBInstanceStatus, host: instance.Endpoint?.Address, port: instance.Endpoint?.Port }
      : null;
  }

  private async describeCluster(
    id: string,
  ): Promise<{ status?: string; host?: string; port?: number } | null> {
    const cluster = await findDbCluster(this.client, id);
    return cluster ? { status: cluster.Status, host: cluster.Endpoint, port: cluster.Port } : null;
  }
}

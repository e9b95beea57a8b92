import {
  CreateDBInstanceCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  ModifyDBClusterCommand,
  ModifyDBInstanceCommand,
  RDSClient,
  RestoreDBClusterFromSnapshotCommand,
  RestoreDBInstanceFromDBSnapshotCommand,
  type Tag,
} from '@aws-sdk/client-rds';
import { writerInstanceIdOf } from '../../core/rds-identifiers.ts';
import {
  type ObservedDatabase,
  type RestoreNames,
  type RestoreObservation,
  restoreTagKey,
} from '../../core/snapshot-restore.ts';
import { ResourceNotFoundError } from '../../errors.ts';
import type { DatabaseRestore, RestoreStep } from '../../ports/database-restore.ts';
import type { ServiceBinding } from '../../schema/config.ts';
import type { IamActionsOf } from './iam.ts';
import { findDbCluster, findDbInstance, ignoringAlreadyExists } from './rds-lookups.ts';
import {
  clusterRestoreSettings,
  instanceRestoreSettings,
  writerRestoreSettings,
} from './rds-restore-settings.ts';
import { callAws } from './sdk-errors.ts';

interface Described {
  readonly status: string;
  readonly tags: readonly Tag[];
}

const tagged = (tags: readonly Tag[], deploymentId: string): boolean =>
  tags.some((tag) => tag.Key === restoreTagKey && tag.Value === deploymentId);

/**
 * The rollback's snapshot restore on RDS, by rename-swap (see core/snapshot-restore.ts): the
 * snapshot is restored into a new instance (or Aurora cluster plus writer) that copies the
 * current database's network, parameter and option settings; then the current database is
 * renamed to the kept name and the copy takes the original name, and with it the endpoint the
 * application connects to. Nothing is deleted. Renames use ApplyImmediately (the application
 * is already back on blue, and the restore was approved knowing it interrupts connections).
 */
export class RdsSnapshotRestore implements DatabaseRestore {
  /** The IAM actions each method calls (src/adapters/aws/iam.ts). */
  static readonly iamActions: IamActionsOf<DatabaseRestore> = {
    observe: ['rds:DescribeDBInstances', 'rds:DescribeDBClusters'],
    perform: [
      'rds:DescribeDBInstances',
      'rds:DescribeDBClusters',
      'rds:RestoreDBInstanceFromDBSnapshot',
      'rds:RestoreDBClusterFromSnapshot',
      'rds:CreateDBInstance',
      'rds:AddTagsToResource',
      'rds:ModifyDBInstance',
      'rds:ModifyDBCluster',
    ],
  };

  private readonly client: RDSClient;

  constructor(options: { readonly client?: RDSClient } = {}) {
    this.client = options.client ?? new RDSClient({});
  }

  async observe(binding: ServiceBinding, names: RestoreNames): Promise<RestoreObservation> {
    const [current, restored, kept] = await Promise.all(
      [names.databaseId, names.restoredId, names.keptId].map((id) => this.look(binding, id, names)),
    );
    return { current: current ?? null, restored: restored ?? null, kept: kept ?? null };
  }

  async perform(binding: ServiceBinding, names: RestoreNames, step: RestoreStep): Promise<void> {
    if (step === 'start-restore') {
      await (binding.database.kind === 'cluster' ? this.restoreCluster(names) : this.restoreInstance(names));
      return;
    }
    const [from, to] =
      step === 'rename-current-to-kept'
        ? [names.databaseId, names.keptId]
        : [names.restoredId, names.databaseId];
    try {
      if (binding.database.kind === 'cluster') {
        await callAws({ operation: 'ModifyDBCluster', resource: from }, () =>
          this.client.send(
            new ModifyDBClusterCommand({
              DBClusterIdentifier: from,
              NewDBClusterIdentifier: to,
              ApplyImmediately: true,
            }),
          ),
        );
      } else {
        await callAws({ operation: 'ModifyDBInstance', resource: from }, () =>
          this.client.send(
            new ModifyDBInstanceCommand({
              DBInstanceIdentifier: from,
              NewDBInstanceIdentifier: to,
              ApplyImmediately: true,
            }),
          ),
        );
      }
    } catch (error) {
      // A retried rename finds its source already gone: the next observation shows where it went.
      if (error instanceof ResourceNotFoundError) return;
      throw error;
    }
  }

  private async look(
    binding: ServiceBinding,
    id: string,
    names: RestoreNames,
  ): Promise<ObservedDatabase | null> {
    const described =
      binding.database.kind === 'cluster' ? await this.describeCluster(id) : await this.describeInstance(id);
    if (!described) return null;
    const restoredByThisDeployment = tagged(described.tags, names.deploymentId);
    if (binding.database.kind !== 'cluster' || !restoredByThisDeployment) {
      return { status: described.status, restoredByThisDeployment };
    }
    // A restored cluster serves nothing until its writer is up (the writer keeps its first name).
    const writer = await this.describeInstance(writerInstanceIdOf(names.restoredId));
    const writerStatus = writer?.status ?? 'writer-missing';
    const status =
      described.status === 'available' && writerStatus === 'available'
        ? 'available'
        : `cluster ${described.status}, writer ${writerStatus}`;
    return { status, restoredByThisDeployment };
  }

  private restoreTags(names: RestoreNames): Tag[] {
    return [
      { Key: restoreTagKey, Value: names.deploymentId },
      { Key: 'greenlight:source-snapshot', Value: names.snapshotId.slice(0, 256) },
      { Key: 'greenlight:replaces', Value: names.databaseId },
    ];
  }

  private async restoreInstance(names: RestoreNames): Promise<void> {
    const source = await this.describeSourceInstance(names.databaseId);
    await ignoringAlreadyExists(() =>
      callAws(
        {
          operation: 'RestoreDBInstanceFromDBSnapshot',
          resource: names.snapshotId,
          configHint: 'the snapshot the Backup step took',
        },
        () =>
          this.client.send(
            new RestoreDBInstanceFromDBSnapshotCommand({
              ...instanceRestoreSettings(source),
              DBInstanceIdentifier: names.restoredId,
              DBSnapshotIdentifier: names.snapshotId,
              Tags: this.restoreTags(names),
            }),
          ),
      ),
    );
  }

  private async restoreCluster(names: RestoreNames): Promise<void> {
    const response = await callAws(
      {
        operation: 'DescribeDBClusters',
        resource: names.databaseId,
        configHint: 'database.id in the service binding',
      },
      () => this.client.send(new DescribeDBClustersCommand({ DBClusterIdentifier: names.databaseId })),
    );
    const source = response.DBClusters?.[0];
    if (!source?.Engine)
      throw new ResourceNotFoundError(`cluster ${names.databaseId} not found or has no engine`);
    const writerId = source.DBClusterMembers?.find((m) => m.IsClusterWriter)?.DBInstanceIdentifier;
    const writer = writerId ? await this.describeSourceInstance(writerId) : undefined;
    await ignoringAlreadyExists(() =>
      callAws({ operation: 'RestoreDBClusterFromSnapshot', resource: names.snapshotId }, () =>
        this.client.send(
          new RestoreDBClusterFromSnapshotCommand({
            ...clusterRestoreSettings(source),
            DBClusterIdentifier: names.restoredId,
            SnapshotIdentifier: names.snapshotId,
            Tags: this.restoreTags(names),
          }),
        ),
      ),
    );
    await ignoringAlreadyExists(() =>
      callAws({ operation: 'CreateDBInstance', resource: writerInstanceIdOf(names.restoredId) }, () =>
        this.client.send(
          new CreateDBInstanceCommand({
            ...writerRestoreSettings(writer),
            DBInstanceIdentifier: writerInstanceIdOf(names.restoredId),
            DBClusterIdentifier: names.restoredId,
            Engine: source.Engine,
            Tags: this.restoreTags(names),
          }),
        ),
      ),
    );
  }

  private async describeSourceInstance(id: string) {
    const response = await callAws(
      { operation: 'DescribeDBInstances', resource: id, configHint: 'database.id in the service binding' },
      () => this.client.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id })),
    );
    const instance = response.DBInstances?.[0];
    if (!instance) throw new ResourceNotFoundError(`DB instance ${id} not found`);
    return instance;
  }

  private async describeInstance(id: string): Promise<Described | null> {
    const instance = await findDbInstance(this.client, id);
    return instance ? { status: instance.DBInstanceStatus ?? 'unknown', tags: instance.TagList ?? [] } : null;
  }

  private async describeCluster(id: string): Promise<Described | null> {
    const cluster = await findDbCluster(this.client, id);
    return cluster ? { status: cluster.Status ?? 'unknown', tags: cluster.TagList ?? [] } : null;
  }
}

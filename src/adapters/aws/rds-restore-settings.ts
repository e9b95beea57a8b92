/**
 * What a restore from snapshot must be told to keep. RDS restores a snapshot's data, engine and
 * storage, but not how the database was set up around it: a parameter the restore call is not
 * given takes the API's default (RDS API Reference, RestoreDBInstanceFromDBSnapshot and
 * RestoreDBClusterFromSnapshot, each parameter's "Default:"; RDS User Guide, "Restoring to a DB
 * instance": "the default DB parameter group ... and the default security group"). So the
 * rollback's restore copies each setting below from the database it replaces, or the
 * application finds, for example, IAM authentication off and its tokens refused, or an Aurora
 * Serverless v2 cluster with no capacity range and its writer refused.
 *
 * Each row: the restore parameter, the field of the describe call it is copied from, and what is
 * lost without it. The table test (test/adapters/aws/rds-restore-settings.test.ts) holds every row.
 */
import type {
  CreateDBInstanceCommandInput,
  DBCluster,
  DBInstance,
  RestoreDBClusterFromSnapshotCommandInput,
  RestoreDBInstanceFromDBSnapshotCommandInput,
} from '@aws-sdk/client-rds';

type InstanceSettings = Omit<
  RestoreDBInstanceFromDBSnapshotCommandInput,
  'DBInstanceIdentifier' | 'DBSnapshotIdentifier'
>;
type ClusterSettings = Omit<
  RestoreDBClusterFromSnapshotCommandInput,
  'DBClusterIdentifier' | 'SnapshotIdentifier'
>;
type WriterSettings = Omit<
  CreateDBInstanceCommandInput,
  'DBInstanceIdentifier' | 'DBClusterIdentifier' | 'Engine'
>;

const securityGroupIds = (groups: DBInstance['VpcSecurityGroups']): string[] =>
  (groups ?? []).flatMap((group) => (group.VpcSecurityGroupId ? [group.VpcSecurityGroupId] : []));

/** The settings kept when a DB instance is restored in its own place, with what is lost without each. */
export const instanceSettingsKept: readonly {
  readonly parameter: keyof InstanceSettings;
  readonly from: (source: DBInstance) => unknown;
  readonly lostWithout: string;
}[] = [
  {
    parameter: 'DBInstanceClass',
    from: (s) => s.DBInstanceClass,
    lostWithout: 'the instance size (default: the snapshot’s)',
  },
  {
    parameter: 'DBSubnetGroupName',
    from: (s) => s.DBSubnetGroup?.DBSubnetGroupName,
    lostWithout: 'the VPC: the default subnet group',
  },
  {
    parameter: 'VpcSecurityGroupIds',
    from: (s) => securityGroupIds(s.VpcSecurityGroups),
    lostWithout: 'who may connect: the default security group',
  },
  {
    parameter: 'DBParameterGroupName',
    from: (s) => s.DBParameterGroups?.[0]?.DBParameterGroupName,
    lostWithout: 'the engine settings: the default parameter group',
  },
  {
    parameter: 'OptionGroupName',
    from: (s) => s.OptionGroupMemberships?.[0]?.OptionGroupName,
    lostWithout: 'the options: the default option group',
  },
  { parameter: 'Port', from: (s) => s.Endpoint?.Port, lostWithout: 'the port the application connects to' },
  {
    parameter: 'MultiAZ',
    from: (s) => s.MultiAZ,
    lostWithout: 'the standby in a second zone (default: false)',
  },
  {
    parameter: 'PubliclyAccessible',
    from: (s) => s.PubliclyAccessible ?? false,
    lostWithout: 'privacy: the default can be public',
  },
  {
    parameter: 'EnableIAMDatabaseAuthentication',
    from: (s) => s.IAMDatabaseAuthenticationEnabled,
    lostWithout: 'IAM authentication (default: off): IAM tokens are refused',
  },
  {
    parameter: 'EnableCloudwatchLogsExports',
    from: (s) => s.EnabledCloudwatchLogsExports,
    lostWithout: 'the logs sent to CloudWatch',
  },
  {
    parameter: 'StorageType',
    from: (s) => s.StorageType,
    lostWithout: 'the storage type (default: gp3, or io1 with Iops)',
  },
  {
    parameter: 'Iops',
    from: (s) => (provisionsPerformance(s) ? s.Iops : undefined),
    lostWithout: 'the provisioned IOPS',
  },
  {
    parameter: 'StorageThroughput',
    from: (s) => (s.StorageType === 'gp3' && provisionsPerformance(s) ? s.StorageThroughput : undefined),
    lostWithout: 'the provisioned throughput',
  },
  {
    parameter: 'AutoMinorVersionUpgrade',
    from: (s) => s.AutoMinorVersionUpgrade,
    lostWithout: 'the upgrade policy',
  },
  {
    parameter: 'CACertificateIdentifier',
    from: (s) => s.CACertificateIdentifier,
    lostWithout: 'the CA that clients pin (default: the region’s current)',
  },
  { parameter: 'NetworkType', from: (s) => s.NetworkType, lostWithout: 'dual-stack networking' },
  {
    parameter: 'DeletionProtection',
    from: (s) => s.DeletionProtection,
    lostWithout: 'deletion protection (default: off)',
  },
  {
    parameter: 'CopyTagsToSnapshot',
    from: (s) => s.CopyTagsToSnapshot,
    lostWithout: 'tags on later snapshots',
  },
];

/** The settings kept when an Aurora cluster is restored in its own place. */
export const clusterSettingsKept: readonly {
  readonly parameter: keyof ClusterSettings;
  readonly from: (source: DBCluster) => unknown;
  readonly lostWithout: string;
}[] = [
  { parameter: 'Engine', from: (s) => s.Engine, lostWithout: 'required by the call' },
  {
    parameter: 'EngineVersion',
    from: (s) => s.EngineVersion,
    lostWithout: 'the engine version (default: the snapshot’s)',
  },
  {
    parameter: 'DBSubnetGroupName',
    from: (s) => s.DBSubnetGroup,
    lostWithout: 'the VPC: the default subnet group',
  },
  {
    parameter: 'VpcSecurityGroupIds',
    from: (s) => securityGroupIds(s.VpcSecurityGroups),
    lostWithout: 'who may connect: the default security group',
  },
  {
    parameter: 'DBClusterParameterGroupName',
    from: (s) => s.DBClusterParameterGroup,
    lostWithout: 'the engine settings: the default cluster parameter group',
  },
  { parameter: 'Port', from: (s) => s.Port, lostWithout: 'the port the application connects to' },
  {
    parameter: 'EnableIAMDatabaseAuthentication',
    from: (s) => s.IAMDatabaseAuthenticationEnabled,
    lostWithout: 'IAM authentication (default: off): IAM tokens are refused',
  },
  {
    parameter: 'ServerlessV2ScalingConfiguration',
    from: (s) => serverlessV2Scaling(s),
    lostWithout: 'the Serverless v2 capacity range: a db.serverless writer is refused',
  },
  {
    parameter: 'EnableCloudwatchLogsExports',
    from: (s) => s.EnabledCloudwatchLogsExports,
    lostWithout: 'the logs sent to CloudWatch',
  },
  { parameter: 'StorageType', from: (s) => s.StorageType, lostWithout: 'Aurora I/O-Optimized storage' },
  { parameter: 'NetworkType', from: (s) => s.NetworkType, lostWithout: 'dual-stack networking' },
  {
    parameter: 'DeletionProtection',
    from: (s) => s.DeletionProtection,
    lostWithout: 'deletion protection (default: off)',
  },
  {
    parameter: 'CopyTagsToSnapshot',
    from: (s) => s.CopyTagsToSnapshot,
    lostWithout: 'tags on later snapshots',
  },
];

/** The settings a restored cluster's new writer copies from the writer it replaces. */
export const writerSettingsKept: readonly {
  readonly parameter: keyof WriterSettings;
  readonly from: (writer: DBInstance) => unknown;
  readonly lostWithout: string;
}[] = [
  {
    parameter: 'DBInstanceClass',
    from: (w) => w.DBInstanceClass,
    lostWithout: 'the writer size (db.serverless for Serverless v2)',
  },
  {
    parameter: 'DBParameterGroupName',
    from: (w) => w.DBParameterGroups?.[0]?.DBParameterGroupName,
    lostWithout: 'the instance parameter group',
  },
  {
    parameter: 'CACertificateIdentifier',
    from: (w) => w.CACertificateIdentifier,
    lostWithout: 'the CA that clients pin',
  },
  {
    parameter: 'AutoMinorVersionUpgrade',
    from: (w) => w.AutoMinorVersionUpgrade,
    lostWithout: 'the upgrade policy',
  },
  { parameter: 'PromotionTier', from: (w) => w.PromotionTier, lostWithout: 'the failover order' },
];

/** The writer class when the cluster had no writer to copy (a cluster is never restored without one). */
export const defaultWriterClass = 'db.t4g.medium';

/** The restore parameters that keep `source`'s settings (absent fields are left to RDS). */
export const instanceRestoreSettings = (source: DBInstance): InstanceSettings =>
  settingsFrom(instanceSettingsKept, source) as InstanceSettings;

export const clusterRestoreSettings = (source: DBCluster): ClusterSettings =>
  settingsFrom(clusterSettingsKept, source) as ClusterSettings;

/** The new writer's parameters, from the writer it replaces; never public. */
export const writerRestoreSettings = (writer: DBInstance | undefined): WriterSettings => ({
  DBInstanceClass: defaultWriterClass,
  ...(writer ? (settingsFrom(writerSettingsKept, writer) as WriterSettings) : {}),
  PubliclyAccessible: false,
});

/**
 * Below this allocation a PostgreSQL gp3 volume runs at its baseline, and RDS refuses a request
 * that names IOPS or throughput for it (RDS User Guide, "Amazon RDS DB instance storage", gp3
 * storage: 400 GiB for RDS for PostgreSQL).
 */
export const gp3ProvisionedFromGiB = 400;

/** Whether the source's IOPS (and gp3 throughput) were provisioned, so the restore must name them. */
const provisionsPerformance = (source: DBInstance): boolean =>
  source.StorageType === 'io1' ||
  source.StorageType === 'io2' ||
  (source.StorageType === 'gp3' && (source.AllocatedStorage ?? 0) >= gp3ProvisionedFromGiB);

function serverlessV2Scaling(cluster: DBCluster) {
  const scaling = cluster.ServerlessV2ScalingConfiguration;
  if (scaling?.MinCapacity === undefined || scaling.MaxCapacity === undefined) return undefined;
  return {
    MinCapacity: scaling.MinCapacity,
    MaxCapacity: scaling.MaxCapacity,
    ...(scaling.SecondsUntilAutoPause === undefined
      ? {}
      : { SecondsUntilAutoPause: scaling.SecondsUntilAutoPause }),
  };
}

function settingsFrom<S>(
  rows: readonly { readonly parameter: string; readonly from: (source: S) => unknown }[],
  source: S,
): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const row of rows) {
    const value = row.from(source);
    const empty = value === undefined || value === null || (Array.isArray(value) && value.length === 0);
    if (!empty) settings[row.parameter] = value;
  }
  return settings;
}

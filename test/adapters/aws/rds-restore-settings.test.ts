/**
 * A restore from snapshot keeps how the database was set up (src/adapters/aws/rds-restore-settings.ts).
 * Each row cites what RDS does without it: RDS API Reference, RestoreDBInstanceFromDBSnapshot,
 * RestoreDBClusterFromSnapshot and CreateDBInstance, each parameter's "Default:"; RDS User Guide,
 * "Restoring to a DB instance" and "Amazon RDS DB instance storage" (gp3, 400 GiB for PostgreSQL).
 */
import {
  CreateDBInstanceCommand,
  type DBCluster,
  type DBInstance,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  RDSClient,
  RestoreDBClusterFromSnapshotCommand,
  RestoreDBInstanceFromDBSnapshotCommand,
} from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  clusterRestoreSettings,
  clusterSettingsKept,
  instanceRestoreSettings,
  instanceSettingsKept,
  writerRestoreSettings,
} from '../../../src/adapters/aws/rds-restore-settings.ts';
import { RdsSnapshotRestore } from '../../../src/adapters/aws/rds-snapshot-restore.ts';
import { binding } from './binding-fixture.ts';

/** An RDS for PostgreSQL instance as DescribeDBInstances returns it, every kept setting set. */
const sourceInstance: DBInstance = {
  DBInstanceIdentifier: 'shop-db',
  DBInstanceClass: 'db.r6g.large',
  DBSubnetGroup: { DBSubnetGroupName: 'shop-private' },
  VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-0app', Status: 'active' }],
  DBParameterGroups: [{ DBParameterGroupName: 'shop-pg15' }],
  OptionGroupMemberships: [{ OptionGroupName: 'default:postgres-15' }],
  Endpoint: { Address: 'shop-db.abc.eu-west-1.rds.amazonaws.com', Port: 5433 },
  MultiAZ: true,
  PubliclyAccessible: false,
  IAMDatabaseAuthenticationEnabled: true,
  EnabledCloudwatchLogsExports: ['postgresql', 'upgrade'],
  StorageType: 'gp3',
  AllocatedStorage: 500,
  Iops: 12_000,
  StorageThroughput: 500,
  AutoMinorVersionUpgrade: false,
  CACertificateIdentifier: 'rds-ca-rsa2048-g1',
  NetworkType: 'DUAL',
  DeletionProtection: true,
  CopyTagsToSnapshot: true,
};

/** An Aurora PostgreSQL Serverless v2 cluster as DescribeDBClusters returns it. */
const sourceCluster: DBCluster = {
  DBClusterIdentifier: 'shop-aurora',
  Engine: 'aurora-postgresql',
  EngineVersion: '15.4',
  DBSubnetGroup: 'shop-private',
  VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-0app', Status: 'active' }],
  DBClusterParameterGroup: 'shop-aurora-pg15',
  Port: 5432,
  IAMDatabaseAuthenticationEnabled: true,
  ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 16 },
  EnabledCloudwatchLogsExports: ['postgresql'],
  StorageType: 'aurora-iopt1',
  NetworkType: 'IPV4',
  DeletionProtection: true,
  CopyTagsToSnapshot: true,
  DBClusterMembers: [{ DBInstanceIdentifier: 'shop-aurora-writer', IsClusterWriter: true }],
};

const writer: DBInstance = {
  DBInstanceIdentifier: 'shop-aurora-writer',
  DBInstanceClass: 'db.serverless',
  DBParameterGroups: [{ DBParameterGroupName: 'shop-aurora-instance' }],
  CACertificateIdentifier: 'rds-ca-rsa2048-g1',
  AutoMinorVersionUpgrade: true,
  PromotionTier: 0,
  PubliclyAccessible: true,
};

describe('the settings a restore keeps', () => {
  it.each(instanceSettingsKept.map((row) => [row.parameter, row] as const))(
    'a restored instance keeps %s',
    (parameter, row) => {
      // Act
      const settings = instanceRestoreSettings(sourceInstance) as Record<string, unknown>;

      // Assess
      expect(settings[parameter]).toEqual(row.from(sourceInstance));
      expect(settings[parameter]).not.toBeUndefined();
    },
  );

  it.each(clusterSettingsKept.map((row) => [row.parameter, row] as const))(
    'a restored cluster keeps %s',
    (parameter, row) => {
      // Act
      const settings = clusterRestoreSettings(sourceCluster) as Record<string, unknown>;

      // Assess
      expect(settings[parameter]).toEqual(row.from(sourceCluster));
      expect(settings[parameter]).not.toBeUndefined();
    },
  );

  it.each([
    [
      'gp3 at 500 GiB: provisioned',
      { StorageType: 'gp3', AllocatedStorage: 500 },
      { Iops: 12_000, StorageThroughput: 500 },
    ],
    [
      'gp3 at 399 GiB: the baseline, which RDS refuses to be named',
      { StorageType: 'gp3', AllocatedStorage: 399 },
      {},
    ],
    ['io1: IOPS only', { StorageType: 'io1', AllocatedStorage: 100 }, { Iops: 12_000 }],
    ['io2: IOPS only', { StorageType: 'io2', AllocatedStorage: 100 }, { Iops: 12_000 }],
    ['gp2: neither', { StorageType: 'gp2', AllocatedStorage: 1000 }, {}],
  ] as const)('names IOPS and throughput only where they were provisioned: %s', (_, storage, expected) => {
    // Act
    const { Iops, StorageThroughput } = instanceRestoreSettings({ ...sourceInstance, ...storage });

    // Assess
    expect({ Iops, StorageThroughput }).toEqual({
      Iops: undefined,
      StorageThroughput: undefined,
      ...expected,
    });
  });

  it('leaves to RDS what the source does not say, and never restores a writer as public', () => {
    // Act
    const bare = instanceRestoreSettings({ DBInstanceIdentifier: 'bare' });
    const noScaling = clusterRestoreSettings({
      ...sourceCluster,
      ServerlessV2ScalingConfiguration: undefined,
    });

    // Assess
    expect(bare).toEqual({ PubliclyAccessible: false });
    expect(noScaling).not.toHaveProperty('ServerlessV2ScalingConfiguration');
    expect(writerRestoreSettings(writer)).toMatchObject({
      DBInstanceClass: 'db.serverless',
      PubliclyAccessible: false,
    });
    expect(writerRestoreSettings(undefined)).toEqual({
      DBInstanceClass: 'db.t4g.medium',
      PubliclyAccessible: false,
    });
  });
});

describe('Class: RdsSnapshotRestore, starting a restore', () => {
  const rds = mockClient(RDSClient);
  const names = {
    snapshotId: 'gl-shop-production-dep-1',
    databaseId: 'shop-db',
    restoredId: 'shop-db-gl-restored',
    keptId: 'shop-db-gl-kept',
    deploymentId: 'dep-1',
  };
  beforeEach(() => rds.reset());

  it('restores an instance with IAM authentication and the rest of its settings', async () => {
    // Arrange
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [sourceInstance] });
    rds.on(RestoreDBInstanceFromDBSnapshotCommand).resolves({});

    // Act
    await new RdsSnapshotRestore({ client: new RDSClient({ region: 'eu-west-1' }) }).perform(
      binding,
      names,
      'start-restore',
    );

    // Assess
    const input = rds.commandCalls(RestoreDBInstanceFromDBSnapshotCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      ...instanceRestoreSettings(sourceInstance),
      EnableIAMDatabaseAuthentication: true,
      DBInstanceIdentifier: names.restoredId,
      DBSnapshotIdentifier: names.snapshotId,
    });
  });

  it('restores a Serverless v2 cluster with its capacity range, IAM authentication and a db.serverless writer', async () => {
    // Arrange
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [sourceCluster] });
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [writer] });
    rds.on(RestoreDBClusterFromSnapshotCommand).resolves({});
    rds.on(CreateDBInstanceCommand).resolves({});

    // Act
    await new RdsSnapshotRestore({ client: new RDSClient({ region: 'eu-west-1' }) }).perform(
      { ...binding, database: { id: 'shop-aurora', kind: 'cluster' } },
      { ...names, databaseId: 'shop-aurora', restoredId: 'shop-aurora-gl-restored' },
      'start-restore',
    );

    // Assess
    expect(rds.commandCalls(RestoreDBClusterFromSnapshotCommand)[0]?.args[0].input).toMatchObject({
      EnableIAMDatabaseAuthentication: true,
      ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 16 },
      StorageType: 'aurora-iopt1',
      Engine: 'aurora-postgresql',
    });
    expect(rds.commandCalls(CreateDBInstanceCommand)[0]?.args[0].input).toMatchObject({
      DBInstanceClass: 'db.serverless',
      DBParameterGroupName: 'shop-aurora-instance',
      PubliclyAccessible: false,
      DBClusterIdentifier: 'shop-aurora-gl-restored',
    });
  });
});

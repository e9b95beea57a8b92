import {
  CreateDBInstanceCommand,
  DeleteDBClusterCommand,
  DeleteDBInstanceCommand,
  DescribeDBClusterSnapshotsCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  DescribeDBSnapshotsCommand,
  RDSClient,
  RestoreDBClusterFromSnapshotCommand,
  RestoreDBInstanceFromDBSnapshotCommand,
} from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { RdsRestore, type RdsRestoreOptions } from '../../../src/adapters/aws/rds-restore.ts';
import { MemoryStore } from '../../../src/adapters/memory/memory-store.ts';
import { drillableSnapshotPatterns } from '../../../src/core/drillable-snapshots.ts';
import { IntegrityUnavailableError } from '../../../src/dr/dr-errors.ts';
import { ConfigError, ServiceUnavailableError } from '../../../src/errors.ts';
import { binding } from './binding-fixture.ts';
import { sdkError, translationCases } from './sdk-error-fixtures.ts';

const rds = mockClient(RDSClient);
const restore = (extra: Pick<RdsRestoreOptions, 'readIntegrity' | 'integrityRecords'> = {}) =>
  new RdsRestore({ client: new RDSClient({ region: 'eu-west-1' }), securityGroupId: 'sg-0dr', ...extra });
const cluster = { ...binding, database: { id: 'shop-aurora', kind: 'cluster' as const } };
const tempId = 'gl-dr-shop-0123456789ab';
const restorable = drillableSnapshotPatterns({
  databaseId: 'shop-db',
  kind: 'instance',
  service: 'shop',
  environment: 'production',
});

describe('Class: RdsRestore', () => {
  beforeEach(() => {
    rds.reset();
  });

  describe('Method: findLatestSnapshot', () => {
    it('picks the newest available snapshot, automated or manual, and says which kind it is', async () => {
      // Prepare
      rds.on(DescribeDBSnapshotsCommand).resolves({
        DBSnapshots: [
          {
            DBSnapshotIdentifier: 'rds:shop-db-1',
            Status: 'available',
            SnapshotType: 'automated',
            SnapshotCreateTime: new Date(1000),
          },
          {
            DBSnapshotIdentifier: 'greenlight-shop-production-dep-7',
            Status: 'available',
            SnapshotType: 'manual',
            SnapshotCreateTime: new Date(3000),
          },
          {
            // Newer, but hand-made: the DR role may not restore it, so it is never picked.
            DBSnapshotIdentifier: 'before-the-migration',
            Status: 'available',
            SnapshotType: 'manual',
            SnapshotCreateTime: new Date(4000),
          },
          {
            DBSnapshotIdentifier: 'awsbackup:job-1b2c3d',
            Status: 'available',
            SnapshotType: 'awsbackup',
            SnapshotCreateTime: new Date(4500),
          },
          {
            DBSnapshotIdentifier: 'in-progress',
            Status: 'creating',
            SnapshotType: 'manual',
            SnapshotCreateTime: new Date(5000),
          },
        ],
      });
      // Act
      const latest = await restore().findLatestSnapshot(binding, { includeAutomated: true, restorable });
      // Assess
      expect(latest).toEqual({
        snapshotId: 'greenlight-shop-production-dep-7',
        createdAtMs: 3000,
        kind: 'manual',
      });
      expect(rds.commandCalls(DescribeDBSnapshotsCommand)[0]?.args[0].input).toMatchObject({
        DBInstanceIdentifier: 'shop-db',
      });
    });

    it('asks for manual snapshots only when automated ones are excluded, and returns null when none exist', async () => {
      rds.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [] });
      expect(await restore().findLatestSnapshot(binding, { includeAutomated: false, restorable })).toBeNull();
      expect(rds.commandCalls(DescribeDBSnapshotsCommand)[0]?.args[0].input.SnapshotType).toBe('manual');
    });

    it.each(translationCases(() => sdkError('DBInstanceNotFoundFault', 404)))(
      'translates %s',
      async (_label, error, Expected) => {
        rds.on(DescribeDBSnapshotsCommand).rejects(error());
        await expect(
          restore().findLatestSnapshot(binding, { includeAutomated: true, restorable }),
        ).rejects.toBeInstanceOf(Expected);
      },
    );
  });

  describe('Method: restoreToIsolatedInstance', () => {
    // The source database, in the app's VPC: its subnet group is the drill's unless one is set.
    beforeEach(() => {
      rds.on(DescribeDBInstancesCommand).resolves({
        DBInstances: [
          { DBInstanceIdentifier: 'shop-db', DBSubnetGroup: { DBSubnetGroupName: 'shop-private' } },
        ],
      });
      rds.on(DescribeDBClustersCommand).resolves({
        DBClusters: [{ DBClusterIdentifier: 'shop-aurora', DBSubnetGroup: 'shop-aurora-private' }],
      });
    });

    it('restores an instance privately, into its own security group, tagged, deletable', async () => {
      rds.on(RestoreDBInstanceFromDBSnapshotCommand).resolves({});
      await restore().restoreToIsolatedInstance(binding, 'gl-manual', tempId);
      expect(rds.commandCalls(RestoreDBInstanceFromDBSnapshotCommand)[0]?.args[0].input).toMatchObject({
        DBInstanceIdentifier: tempId,
        DBSnapshotIdentifier: 'gl-manual',
        PubliclyAccessible: false,
        VpcSecurityGroupIds: ['sg-0dr'],
        DBSubnetGroupName: 'shop-private',
        DeletionProtection: false,
        Tags: expect.arrayContaining([{ Key: 'greenlight:dr-drill', Value: 'true' }]),
      });
    });

    it('restores an Aurora cluster and creates its private writer', async () => {
      rds
        .on(DescribeDBClusterSnapshotsCommand)
        .resolves({ DBClusterSnapshots: [{ Engine: 'aurora-postgresql' }] });
      rds.on(RestoreDBClusterFromSnapshotCommand).resolves({});
      rds.on(CreateDBInstanceCommand).resolves({});
      await restore().restoreToIsolatedInstance(cluster, 'gl-cluster-snap', tempId);
      expect(rds.commandCalls(RestoreDBClusterFromSnapshotCommand)[0]?.args[0].input).toMatchObject({
        DBClusterIdentifier: tempId,
        Engine: 'aurora-postgresql',
        VpcSecurityGroupIds: ['sg-0dr'],
        DBSubnetGroupName: 'shop-aurora-private',
      });
      expect(rds.commandCalls(CreateDBInstanceCommand)[0]?.args[0].input).toMatchObject({
        DBInstanceIdentifier: `${tempId}-writer`,
        DBClusterIdentifier: tempId,
        PubliclyAccessible: false,
      });
    });

    it('uses the configured subnet group instead of the source database’s', async () => {
      rds.on(RestoreDBInstanceFromDBSnapshotCommand).resolves({});
      await new RdsRestore({
        client: new RDSClient({ region: 'eu-west-1' }),
        securityGroupId: 'sg-0dr',
        subnetGroupName: 'dr-isolated',
      }).restoreToIsolatedInstance(binding, 'gl-manual', tempId);
      expect(rds.commandCalls(RestoreDBInstanceFromDBSnapshotCommand)[0]?.args[0].input).toMatchObject({
        DBSubnetGroupName: 'dr-isolated',
      });
      expect(rds.commandCalls(DescribeDBInstancesCommand)).toHaveLength(0);
    });

    it('refuses, naming the setting, when there is neither a configured nor a source subnet group (never the default VPC)', async () => {
      rds.on(DescribeDBInstancesCommand).rejects(sdkError('DBInstanceNotFoundFault', 404));
      await expect(restore().restoreToIsolatedInstance(binding, 'gl-manual', tempId)).rejects.toThrow(
        /set drSchedule\.subnetGroupName/,
      );
      expect(rds.commandCalls(RestoreDBInstanceFromDBSnapshotCommand)).toHaveLength(0);
    });

    it('treats an instance that already exists as a retried call that succeeded', async () => {
      rds.on(RestoreDBInstanceFromDBSnapshotCommand).rejects(sdkError('DBInstanceAlreadyExistsFault', 400));
      await expect(
        restore().restoreToIsolatedInstance(binding, 'gl-manual', tempId),
      ).resolves.toBeUndefined();
    });

    it('refuses an instance name the drill did not make', async () => {
      await expect(
        restore().restoreToIsolatedInstance(binding, 'gl-manual', 'shop-db'),
      ).rejects.toBeInstanceOf(ConfigError);
      expect(rds.calls()).toHaveLength(0);
    });

    it.each(translationCases(() => sdkError('DBSnapshotNotFoundFault', 404)))(
      'translates %s',
      async (_label, error, Expected) => {
        rds.on(RestoreDBInstanceFromDBSnapshotCommand).rejects(error());
        await expect(
          restore().restoreToIsolatedInstance(binding, 'gl-manual', tempId),
        ).rejects.toBeInstanceOf(Expected);
      },
    );
  });

  describe('Method: restoreStatus', () => {
    it.each([
      ['creating', 'creating'],
      ['backing-up', 'creating'],
      ['available', 'available'],
      ['incompatible-restore', 'failed'],
      ['failed', 'failed'],
    ])('maps %s to %s', async (rdsStatus, status) => {
      rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceStatus: rdsStatus }] });
      expect(await restore().restoreStatus(binding, tempId)).toEqual({ status, detail: rdsStatus });
    });

    it('reports a missing instance as a failed restore', async () => {
      rds.on(DescribeDBInstancesCommand).rejects(sdkError('DBInstanceNotFoundFault', 404));
      expect((await restore().restoreStatus(binding, tempId)).status).toBe('failed');
    });
  });

  describe('Method: integrity', () => {
    it('fails with a clear terminal error when no SQL credentials are configured', async () => {
      rds.on(DescribeDBInstancesCommand).resolves({
        DBInstances: [
          { DBInstanceStatus: 'available', Endpoint: { Address: 'gl-dr.x.rds.amazonaws.com', Port: 5432 } },
        ],
      });
      await expect(restore().integrity(binding, tempId, ['orders'])).rejects.toThrow(
        IntegrityUnavailableError,
      );
    });
  });

  describe('Method: expectedIntegrity', () => {
    const tables = [{ table: 'orders', rowCount: 12, checksum: '0cc175b9c0f1b6a831c399e269772661' }];

    it('returns the figures the Backup step recorded with the snapshot', async () => {
      // Prepare
      const records = new MemoryStore();
      await records.putSnapshotIntegrity('greenlight-shop-production-d-1', { recordedAtMs: 1000, tables });
      // Act
      const expected = await restore({ integrityRecords: records }).expectedIntegrity(
        binding,
        'greenlight-shop-production-d-1',
      );
      // Assess
      expect(expected).toEqual(tables);
      expect(rds.calls()).toHaveLength(0);
    });

    it('returns null for a snapshot with no record (an automated backup), or with no records at all', async () => {
      const records = new MemoryStore();
      await records.putSnapshotIntegrity('greenlight-shop-production-d-1', { recordedAtMs: 1000, tables });
      await expect(
        restore({ integrityRecords: records }).expectedIntegrity(binding, 'rds:shop-db-2026-01-08-03-00'),
      ).resolves.toBeNull();
      await expect(
        restore().expectedIntegrity(binding, 'greenlight-shop-production-d-1'),
      ).resolves.toBeNull();
    });
  });

  describe('Method: deleteInstance', () => {
    it('deletes the temporary instance without a final snapshot', async () => {
      rds.on(DeleteDBInstanceCommand).resolves({});
      expect(await restore().deleteInstance(binding, tempId)).toBe('deleted');
      expect(rds.commandCalls(DeleteDBInstanceCommand)[0]?.args[0].input).toMatchObject({
        DBInstanceIdentifier: tempId,
        SkipFinalSnapshot: true,
      });
    });

    it('answers not-found for an instance that is already gone (idempotent)', async () => {
      rds.on(DeleteDBInstanceCommand).rejects(sdkError('DBInstanceNotFoundFault', 404));
      expect(await restore().deleteInstance(binding, tempId)).toBe('not-found');
    });

    it('asks for a retry while the instance is still being created', async () => {
      rds.on(DeleteDBInstanceCommand).rejects(sdkError('InvalidDBInstanceStateFault', 400));
      rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceStatus: 'creating' }] });
      await expect(restore().deleteInstance(binding, tempId)).rejects.toBeInstanceOf(ServiceUnavailableError);
    });

    it('deletes an Aurora writer, then its cluster', async () => {
      rds.on(DeleteDBInstanceCommand).resolves({});
      rds.on(DeleteDBClusterCommand).resolves({});
      expect(await restore().deleteInstance(cluster, tempId)).toBe('deleted');
      expect(rds.commandCalls(DeleteDBClusterCommand)[0]?.args[0].input).toEqual({
        DBClusterIdentifier: tempId,
        SkipFinalSnapshot: true,
      });
    });

    it('never deletes an instance the drill did not create', async () => {
      await expect(restore().deleteInstance(binding, 'shop-db')).rejects.toBeInstanceOf(ConfigError);
      expect(rds.calls()).toHaveLength(0);
    });

    it.each(
      translationCases(() => sdkError('DBInstanceNotFoundFault', 404)).filter(
        ([label]) => label !== 'not found',
      ),
    )('translates %s', async (_label, error, Expected) => {
      rds.on(DeleteDBInstanceCommand).rejects(error());
      await expect(restore().deleteInstance(binding, tempId)).rejects.toBeInstanceOf(Expected);
    });
  });
});

import {
  CreateDBClusterSnapshotCommand,
  CreateDBSnapshotCommand,
  DescribeDBClusterSnapshotsCommand,
  DescribeDBSnapshotsCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { RdsSnapshots, snapshotStateOf } from '../../../src/adapters/aws/rds-snapshots.ts';
import { ResourceNotFoundError } from '../../../src/errors.ts';
import { binding } from './binding-fixture.ts';
import { sdkError, translationCases } from './sdk-error-fixtures.ts';

const rds = mockClient(RDSClient);
const snapshots = () => new RdsSnapshots({ client: new RDSClient({ region: 'eu-west-1' }) });
const cluster = { ...binding, database: { id: 'shop-aurora', kind: 'cluster' as const } };

describe('Class: RdsSnapshots', () => {
  beforeEach(() => {
    rds.reset();
  });

  describe('Method: createSnapshot', () => {
    it('snapshots an instance by identifier, with tags', async () => {
      // Prepare
      rds
        .on(CreateDBSnapshotCommand)
        .resolves({ DBSnapshot: { DBSnapshotIdentifier: 'gl-1', Status: 'creating' } });
      // Act
      await snapshots().createSnapshot(binding, 'gl-1', { 'greenlight:deployment': 'd-1' });
      // Assess
      expect(rds.commandCalls(CreateDBSnapshotCommand)[0]?.args[0].input).toEqual({
        DBInstanceIdentifier: 'shop-db',
        DBSnapshotIdentifier: 'gl-1',
        Tags: [{ Key: 'greenlight:deployment', Value: 'd-1' }],
      });
    });

    it('snapshots an Aurora cluster', async () => {
      // Prepare
      rds.on(CreateDBClusterSnapshotCommand).resolves({});
      // Act
      await snapshots().createSnapshot(cluster, 'gl-2', {});
      // Assess
      expect(rds.commandCalls(CreateDBClusterSnapshotCommand)[0]?.args[0].input).toMatchObject({
        DBClusterIdentifier: 'shop-aurora',
        DBClusterSnapshotIdentifier: 'gl-2',
      });
    });

    it('treats an existing snapshot of the same id as success (a retried step)', async () => {
      rds.on(CreateDBSnapshotCommand).rejects(sdkError('DBSnapshotAlreadyExistsFault', 400));
      await expect(snapshots().createSnapshot(binding, 'gl-1', {})).resolves.toBeUndefined();
    });

    it.each(translationCases(() => sdkError('DBInstanceNotFoundFault', 404)))(
      'translates %s',
      async (_label, makeError, expected) => {
        rds.on(CreateDBSnapshotCommand).rejects(makeError());
        await expect(snapshots().createSnapshot(binding, 'gl-1', {})).rejects.toBeInstanceOf(expected);
      },
    );
  });

  describe('Method: snapshotStatus', () => {
    it('reports an instance snapshot in progress', async () => {
      // Prepare
      rds.on(DescribeDBSnapshotsCommand).resolves({
        DBSnapshots: [{ DBSnapshotIdentifier: 'gl-1', Status: 'creating', PercentProgress: 40 }],
      });
      // Act / Assess
      await expect(snapshots().snapshotStatus(binding, 'gl-1')).resolves.toEqual({
        snapshotId: 'gl-1',
        status: 'creating',
        progressPercent: 40,
        detail: 'creating, 40% done',
      });
    });

    it('reports an available cluster snapshot at 100%', async () => {
      // Prepare
      rds.on(DescribeDBClusterSnapshotsCommand).resolves({
        DBClusterSnapshots: [
          { DBClusterSnapshotIdentifier: 'gl-2', Status: 'available', PercentProgress: 100 },
        ],
      });
      // Act / Assess
      await expect(snapshots().snapshotStatus(cluster, 'gl-2')).resolves.toMatchObject({
        status: 'available',
        progressPercent: 100,
      });
    });

    it('throws ResourceNotFoundError when RDS returns no snapshot', async () => {
      rds.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [] });
      await expect(snapshots().snapshotStatus(binding, 'gl-1')).rejects.toBeInstanceOf(ResourceNotFoundError);
    });

    it.each(translationCases(() => sdkError('DBSnapshotNotFoundFault', 404)))(
      'translates %s',
      async (_label, makeError, expected) => {
        rds.on(DescribeDBSnapshotsCommand).rejects(makeError());
        await expect(snapshots().snapshotStatus(binding, 'gl-1')).rejects.toBeInstanceOf(expected);
      },
    );
  });

  describe('Method: findLatestSnapshot', () => {
    it('returns the newest available snapshot across pages', async () => {
      // Prepare
      rds
        .on(DescribeDBSnapshotsCommand)
        .resolvesOnce({
          DBSnapshots: [
            {
              DBSnapshotIdentifier: 'old',
              Status: 'available',
              SnapshotCreateTime: new Date('2026-01-01T00:00:00Z'),
            },
            {
              DBSnapshotIdentifier: 'busy',
              Status: 'creating',
              SnapshotCreateTime: new Date('2026-01-03T00:00:00Z'),
            },
          ],
          Marker: 'm1',
        })
        .resolvesOnce({
          DBSnapshots: [
            {
              DBSnapshotIdentifier: 'new',
              Status: 'available',
              SnapshotCreateTime: new Date('2026-01-02T00:00:00Z'),
            },
          ],
        });
      // Act / Assess
      await expect(snapshots().findLatestSnapshot(binding)).resolves.toEqual({
        snapshotId: 'new',
        createdAtMs: Date.parse('2026-01-02T00:00:00Z'),
      });
    });
  });
});

describe('Function: snapshotStateOf', () => {
  it.each([
    ['available', 'available'],
    ['creating', 'creating'],
    ['copying', 'creating'],
    ['failed', 'failed'],
    ['incompatible-restore', 'failed'],
  ])('maps %s to %s', (rdsStatus, expected) => {
    expect(snapshotStateOf(rdsStatus)).toBe(expected);
  });
});

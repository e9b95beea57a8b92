import {
  DeleteDBClusterSnapshotCommand,
  DeleteDBSnapshotCommand,
  DescribeDBClusterSnapshotsCommand,
  DescribeDBSnapshotsCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { RdsSnapshotCatalog, tagsOf } from '../../../src/adapters/aws/rds-snapshot-catalog.ts';
import { AccessDeniedError, ThrottledError } from '../../../src/errors.ts';
import { accessDenied, sdkError, throttling } from './sdk-error-fixtures.ts';

const rds = mockClient(RDSClient);
const catalog = () => new RdsSnapshotCatalog({ client: new RDSClient({ region: 'eu-west-1' }) });
const created = new Date('2026-03-01T00:00:00Z');
const tagList = (deployment: string, service = 'shop', environment = 'prod') => [
  { Key: 'greenlight:deployment', Value: deployment },
  { Key: 'greenlight:service', Value: service },
  { Key: 'greenlight:environment', Value: environment },
  { Key: 'greenlight:retain-until', Value: '2026-03-08T00:00:00.000Z' },
];

describe('Class: RdsSnapshotCatalog', () => {
  beforeEach(() => {
    rds.reset();
  });

  describe('Method: listGreenlightSnapshots', () => {
    it('pages through manual instance and cluster snapshots and keeps only Greenlight ones', async () => {
      // Prepare
      rds
        .on(DescribeDBSnapshotsCommand, { SnapshotType: 'manual', Marker: undefined })
        .resolves({
          DBSnapshots: [
            {
              DBSnapshotIdentifier: 'greenlight-shop-prod-d1',
              SnapshotCreateTime: created,
              TagList: tagList('d1'),
            },
            {
              DBSnapshotIdentifier: 'someone-elses',
              SnapshotCreateTime: created,
              TagList: [{ Key: 'team', Value: 'x' }],
            },
          ],
          Marker: 'page-2',
        })
        .on(DescribeDBSnapshotsCommand, { SnapshotType: 'manual', Marker: 'page-2' })
        .resolves({
          DBSnapshots: [{ DBSnapshotIdentifier: 'greenlight-shop-prod-d2', TagList: tagList('d2') }],
        });
      rds.on(DescribeDBClusterSnapshotsCommand).resolves({
        DBClusterSnapshots: [
          {
            DBClusterSnapshotIdentifier: 'greenlight-cart-prod-d3',
            SnapshotCreateTime: created,
            TagList: tagList('d3', 'cart'),
          },
        ],
      });
      // Act
      const all = await catalog().listGreenlightSnapshots({});
      // Assess
      expect(all.map((s) => [s.snapshotId, s.kind])).toEqual([
        ['greenlight-shop-prod-d1', 'instance'],
        ['greenlight-shop-prod-d2', 'instance'],
        ['greenlight-cart-prod-d3', 'cluster'],
      ]);
      expect(all[0]).toMatchObject({
        createdAtMs: created.getTime(),
        tags: { 'greenlight:deployment': 'd1' },
      });
      expect(rds.commandCalls(DescribeDBSnapshotsCommand).map((c) => c.args[0].input)).toEqual([
        { SnapshotType: 'manual', Marker: undefined },
        { SnapshotType: 'manual', Marker: 'page-2' },
      ]);
      expect(rds.commandCalls(DescribeDBClusterSnapshotsCommand)[0]?.args[0].input).toMatchObject({
        SnapshotType: 'manual',
      });
    });

    it('narrows to a service by its tag', async () => {
      rds.on(DescribeDBSnapshotsCommand).resolves({
        DBSnapshots: [
          { DBSnapshotIdentifier: 'a', TagList: tagList('d1', 'shop') },
          { DBSnapshotIdentifier: 'b', TagList: tagList('d2', 'cart') },
        ],
      });
      rds.on(DescribeDBClusterSnapshotsCommand).resolves({});
      const found = await catalog().listGreenlightSnapshots({ service: 'cart', environment: 'prod' });
      expect(found.map((s) => s.snapshotId)).toEqual(['b']);
    });

    it.each([
      ['throttling', throttling, ThrottledError],
      ['access denied', accessDenied, AccessDeniedError],
    ] as const)('translates %s', async (_label, makeError, expected) => {
      rds.on(DescribeDBSnapshotsCommand).rejects(makeError());
      await expect(catalog().listGreenlightSnapshots({})).rejects.toBeInstanceOf(expected);
    });
  });

  describe('Method: deleteSnapshot', () => {
    it('deletes an instance snapshot', async () => {
      rds.on(DeleteDBSnapshotCommand).resolves({});
      await expect(catalog().deleteSnapshot('greenlight-shop-prod-d1', 'instance')).resolves.toBe('deleted');
      expect(rds.commandCalls(DeleteDBSnapshotCommand)[0]?.args[0].input).toEqual({
        DBSnapshotIdentifier: 'greenlight-shop-prod-d1',
      });
    });

    it('deletes a cluster snapshot', async () => {
      rds.on(DeleteDBClusterSnapshotCommand).resolves({});
      await expect(catalog().deleteSnapshot('greenlight-cart-prod-d3', 'cluster')).resolves.toBe('deleted');
      expect(rds.commandCalls(DeleteDBClusterSnapshotCommand)[0]?.args[0].input).toEqual({
        DBClusterSnapshotIdentifier: 'greenlight-cart-prod-d3',
      });
    });

    it('answers not-found for a missing instance snapshot', async () => {
      rds.on(DeleteDBSnapshotCommand).rejects(sdkError('DBSnapshotNotFoundFault', 404));
      await expect(catalog().deleteSnapshot('gone', 'instance')).resolves.toBe('not-found');
    });

    it('answers not-found for a missing cluster snapshot', async () => {
      rds.on(DeleteDBClusterSnapshotCommand).rejects(sdkError('DBClusterSnapshotNotFoundFault', 404));
      await expect(catalog().deleteSnapshot('gone', 'cluster')).resolves.toBe('not-found');
    });

    it.each([
      ['throttling', throttling, ThrottledError],
      ['access denied', accessDenied, AccessDeniedError],
    ] as const)('translates %s', async (_label, makeError, expected) => {
      rds.on(DeleteDBSnapshotCommand).rejects(makeError());
      await expect(catalog().deleteSnapshot('x', 'instance')).rejects.toBeInstanceOf(expected);
    });
  });

  it('turns a TagList into a record', () => {
    expect(tagsOf([{ Key: 'a', Value: '1' }, { Value: 'no key' }, { Key: 'b' }])).toEqual({ a: '1', b: '' });
    expect(tagsOf(undefined)).toEqual({});
  });
});

import { describe, expect, it } from 'vitest';
import {
  drillableSnapshotPatterns,
  greenlightSnapshotPrefix,
  matchesSnapshotPattern,
} from '../../src/core/drillable-snapshots.ts';
import { snapshotIdFor } from '../../src/core/snapshot-id.ts';

describe('the snapshots a DR drill may restore', () => {
  const shop = drillableSnapshotPatterns({
    databaseId: 'shop-db',
    kind: 'instance',
    service: 'shop',
    environment: 'production',
  });

  it.each([
    ['rds:shop-db-2026-12-01-03-10', true, 'RDS’s automated backup of the database'],
    ['greenlight-shop-production-dep-1', true, 'the Backup step’s snapshot'],
    ['rds:shop-db2-2026-12-01-03-10', false, 'another database’s automated backup'],
    ['greenlight-cart-production-dep-1', false, 'another service’s snapshot'],
    ['before-the-migration', false, 'a hand-made snapshot: the role may not restore it'],
    ['awsbackup:job-1b2c3d4e', false, 'an AWS Backup recovery point'],
  ])('%s: %s (%s)', (id, expected) => {
    expect(matchesSnapshotPattern(id, shop)).toBe(expected);
  });

  it.each([
    ['instance', 'shop', 'production', 'dep-1'],
    ['cluster', 'shop', 'production', 'x'.repeat(80)],
    ['cluster', 'a-very-long-service-name-for-payments', 'production-eu-west-1', 'codepipeline-1f2e3d'],
    ['instance', 's'.repeat(120), 'e'.repeat(100), 'd'.repeat(100)],
    ['cluster', 's'.repeat(70), 'prod', 'dep'],
  ] as const)(
    'every snapshot id Backup makes (%s, %s, %s) starts with the granted prefix',
    (kind, service, environment, id) => {
      // Act
      const snapshotId = snapshotIdFor(service, environment, id, kind);

      // Assess
      expect(snapshotId.startsWith(greenlightSnapshotPrefix(service, environment, kind))).toBe(true);
      expect(
        matchesSnapshotPattern(
          snapshotId,
          drillableSnapshotPatterns({ databaseId: 'db', kind, service, environment }),
        ),
      ).toBe(true);
    },
  );

  it('treats a pattern’s other characters literally', () => {
    expect(matchesSnapshotPattern('rds:shop.db-1', ['rds:shop.db-*'])).toBe(true);
    expect(matchesSnapshotPattern('rds:shopXdb-1', ['rds:shop.db-*'])).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import {
  rdsIdentifierMaxLength,
  rdsIdentifierProblem,
  validRdsIdentifier,
  writerInstanceIdOf,
} from '../../src/core/rds-identifiers.ts';
import { snapshotIdFor } from '../../src/core/snapshot-id.ts';
import { restoreNamesFor } from '../../src/core/snapshot-restore.ts';

/**
 * The RDS API Reference's identifier constraints: CreateDBSnapshot (DBSnapshotIdentifier,
 * 1-255), CreateDBClusterSnapshot (DBClusterSnapshotIdentifier, 1-63), CreateDBInstance
 * (DBInstanceIdentifier, 1-63), CreateDBCluster (DBClusterIdentifier, 1-63): letters, digits
 * and hyphens; a letter first; no two consecutive hyphens; no trailing hyphen.
 */
describe('Table: rdsIdentifierMaxLength', () => {
  it.each([
    ['instance-snapshot', 255],
    ['cluster-snapshot', 63],
    ['instance', 63],
    ['cluster', 63],
  ] as const)('allows a %s identifier %i characters', (kind, max) => {
    expect(rdsIdentifierMaxLength[kind]).toBe(max);
    expect(rdsIdentifierProblem(`a${'b'.repeat(max - 1)}`, kind)).toBeUndefined();
    expect(rdsIdentifierProblem(`a${'b'.repeat(max)}`, kind)).toBe(
      `must be 1 to ${max} characters, got ${max + 1}`,
    );
  });

  it.each([
    ['1shop', 'must start with a letter'],
    ['shop_db', 'may hold only letters, digits and hyphens'],
    ['shop--db', 'may not hold two hyphens in a row'],
    ['shop-', 'may not end with a hyphen'],
    ['', 'must be 1 to 63 characters, got 0'],
  ])('refuses %j: %s', (id, problem) => {
    expect(rdsIdentifierProblem(id, 'instance')).toBe(problem);
  });
});

describe('Function: validRdsIdentifier', () => {
  const longIds = [
    `shop-1-4-2-${'x'.repeat(80)}-a`,
    `shop-1-4-2-${'x'.repeat(80)}-b`,
    '42_Release..Candidate--',
    '--',
  ];
  it.each(['instance-snapshot', 'cluster-snapshot', 'instance', 'cluster'] as const)(
    'makes every input a valid %s identifier, the same one every time',
    (kind) => {
      for (const raw of longIds) {
        const id = validRdsIdentifier(raw, kind);
        expect(rdsIdentifierProblem(id, kind), `${raw} → ${id}`).toBeUndefined();
        expect(validRdsIdentifier(raw, kind)).toBe(id);
      }
    },
  );

  it('keeps two long names that differ only at the end apart', () => {
    const [a, b] = longIds.slice(0, 2).map((raw) => validRdsIdentifier(raw, 'cluster-snapshot'));
    expect(a).not.toBe(b);
  });
});

describe('Aurora names within 63 characters', () => {
  // The sample pipeline's production id: 68 characters as an instance-snapshot name.
  const deploymentId = 'shop-codepipeline-0d4f1a2b-3c5e-4f60-8a71-9b8c7d6e5f40';

  it('gives a cluster snapshot an id of at most 63, an instance snapshot its full name', () => {
    expect(snapshotIdFor('shop', 'production', deploymentId, 'cluster').length).toBeLessThanOrEqual(63);
    expect(snapshotIdFor('shop', 'production', deploymentId, 'instance')).toBe(
      `greenlight-shop-production-${deploymentId}`,
    );
  });

  it('names the restored copy’s writer within 63, under the restored name’s IAM pattern', () => {
    const names = restoreNamesFor(`shop-aurora-${'x'.repeat(60)}`.slice(0, 63), 'snap', deploymentId);
    const writer = writerInstanceIdOf(names.restoredId);
    expect(writer.length).toBeLessThanOrEqual(63);
    expect(writer).toBe(`${names.restoredId}-writer`);
    expect(rdsIdentifierProblem(writer, 'instance')).toBeUndefined();
  });
});

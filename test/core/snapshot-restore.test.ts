import { describe, expect, it } from 'vitest';
import { rdsIdentifier } from '../../src/core/arns.ts';
import { nextRestoreAction, restoreNamePatterns, restoreNamesFor } from '../../src/core/snapshot-restore.ts';

const names = restoreNamesFor('shop-db', 'greenlight-shop-prod-dep-1', 'dep-1');
const db = (status: string, restoredByThisDeployment = false) => ({ status, restoredByThisDeployment });

describe('Function: nextRestoreAction', () => {
  it.each([
    ['first poll', { current: db('available'), restored: null, kept: null }, 'start-restore'],
    ['copy still restoring', { current: db('available'), restored: db('creating'), kept: null }, 'wait'],
    [
      'copy ready',
      { current: db('available'), restored: db('available'), kept: null },
      'rename-current-to-kept',
    ],
    ['database busy', { current: db('modifying'), restored: db('available'), kept: null }, 'wait'],
    ['old one renaming', { current: null, restored: db('available'), kept: db('renaming') }, 'wait'],
    [
      'name free',
      { current: null, restored: db('available'), kept: db('available') },
      'rename-restored-to-current',
    ],
    ['copy renaming', { current: null, restored: null, kept: db('available') }, 'wait'],
    [
      'copy taking the name',
      { current: db('renaming', true), restored: null, kept: db('available') },
      'wait',
    ],
    ['swapped', { current: db('available', true), restored: null, kept: db('available') }, 'done'],
    ['copy failed', { current: db('available'), restored: db('incompatible-restore'), kept: null }, 'stuck'],
    ['database vanished', { current: null, restored: db('available'), kept: null }, 'stuck'],
    ['kept without copy', { current: db('available'), restored: null, kept: db('available') }, 'stuck'],
    ['nothing at all', { current: null, restored: null, kept: null }, 'stuck'],
  ] as const)('%s → %s', (_what, seen, kind) => {
    expect(nextRestoreAction(names, seen).kind).toBe(kind);
  });

  it('never deletes: no action removes a database', () => {
    const kinds = [
      'start-restore',
      'wait',
      'rename-current-to-kept',
      'rename-restored-to-current',
      'done',
      'stuck',
    ];
    expect(kinds.some((kind) => /delete/.test(kind))).toBe(false);
  });
});

describe('Function: restoreNamesFor', () => {
  it('derives valid, stable RDS identifiers from the deployment', () => {
    const long = restoreNamesFor('a'.repeat(63), 'snap', 'dep-1');
    for (const id of [names.restoredId, names.keptId, long.restoredId, long.keptId]) {
      expect(id).toMatch(/^[a-z][a-z0-9-]{0,62}$/);
      expect(id).not.toMatch(/--|-$/);
    }
    expect(restoreNamesFor('shop-db', 'x', 'dep-1').keptId).toBe(names.keptId);
    expect(restoreNamesFor('shop-db', 'x', 'dep-2').keptId).not.toBe(names.keptId);
  });

  it('gives IAM patterns that cover the names', () => {
    const patterns = restoreNamePatterns('shop-db');
    expect(names.restoredId.startsWith(patterns.restored.slice(0, -1))).toBe(true);
    expect(names.keptId.startsWith(patterns.kept.slice(0, -1))).toBe(true);
  });

  it('takes the identifier out of an ARN', () => {
    expect(rdsIdentifier('arn:aws:rds:eu-west-1:123456789012:db:shop-db')).toBe('shop-db');
    expect(rdsIdentifier('arn:aws:rds:eu-west-1:123456789012:cluster:shop')).toBe('shop');
    expect(rdsIdentifier('shop-db')).toBe('shop-db');
  });
});

import { describe, expect, it } from 'vitest';
import {
  type DatabaseRollbackPolicy,
  decideRollback,
  describeFailureCause,
} from '../../src/core/rollback-decision.ts';
import type { AppliedMigration } from '../../src/ports/database.ts';

const expandOnly: AppliedMigration = { id: '0007_add_orders_note', checksum: 'a1', blueCompatible: true };
const alsoExpandOnly: AppliedMigration = { id: '0008_add_index', checksum: 'b2', blueCompatible: true };
const dropsColumn: AppliedMigration = { id: '0009_drop_legacy_sku', checksum: 'c3', blueCompatible: false };

const failure = { Error: 'VerificationFailedError', Cause: 'green error rate 7.1% exceeds the 5% ceiling' };

describe('Function: decideRollback', () => {
  it.each([
    { policy: 'none', applied: [], database: 'none', says: 'no migrations were applied' },
    { policy: 'down-scripts', applied: [], database: 'none', says: 'no migrations were applied' },
    { policy: 'restore-with-approval', applied: [], database: 'none', says: 'no migrations were applied' },
    {
      policy: 'none',
      applied: [expandOnly, alsoExpandOnly],
      database: 'none',
      says: '2 migrations applied (0007_add_orders_note, 0008_add_index), all expand-only, so blue runs on the new schema',
    },
    {
      policy: 'none',
      applied: [expandOnly, dropsColumn],
      database: 'none',
      says: 'WARNING: 1 migration not blue-compatible (0009_drop_legacy_sku); BLUE MAY FAIL ON THE NEW SCHEMA',
    },
    {
      policy: 'down-scripts',
      applied: [expandOnly],
      database: 'down-scripts',
      says: "run the down scripts of the 1 migration applied (0007_add_orders_note), newest first (policy 'down-scripts')",
    },
    {
      policy: 'down-scripts',
      applied: [expandOnly, dropsColumn],
      database: 'down-scripts',
      says: '2 migrations applied (0007_add_orders_note, 0009_drop_legacy_sku)',
    },
    {
      policy: 'restore-with-approval',
      applied: [expandOnly],
      database: 'awaiting-restore-approval',
      says: 'All are expand-only, so blue runs on the new schema and declining the restore is safe',
    },
    {
      policy: 'restore-with-approval',
      applied: [dropsColumn],
      database: 'awaiting-restore-approval',
      says: 'Not blue-compatible: 0009_drop_legacy_sku; blue may fail on the new schema',
    },
  ] as const)(
    '$policy with $applied.length migration(s) → database $database',
    ({ policy, applied, database, says }) => {
      // Act
      const decision = decideRollback({
        trafficMoved: true,
        migrationsApplied: applied,
        databasePolicy: policy,
        snapshotId: 'shop-prod-dep-1',
        failure,
      });
      // Assess
      expect(decision.database).toBe(database);
      expect(decision.traffic).toBe('restore');
      expect(decision.reason).toContain(says);
      expect(decision.reason).toContain(
        'VerificationFailedError: green error rate 7.1% exceeds the 5% ceiling',
      );
    },
  );

  it.each(['none', 'down-scripts', 'restore-with-approval'] as const)(
    'never restores a snapshot without approval under policy %s',
    (policy: DatabaseRollbackPolicy) => {
      const decision = decideRollback({
        trafficMoved: true,
        migrationsApplied: [dropsColumn],
        databasePolicy: policy,
        snapshotId: 'shop-prod-dep-1',
        failure,
      });
      expect(['none', 'down-scripts', 'awaiting-restore-approval']).toContain(decision.database);
      if (policy === 'restore-with-approval')
        expect(decision.reason).toContain('loses every write made since the snapshot');
    },
  );

  it('offers no restore when the deployment took no snapshot, and says why', () => {
    const decision = decideRollback({
      trafficMoved: true,
      migrationsApplied: [dropsColumn],
      databasePolicy: 'restore-with-approval',
      snapshotId: null,
      failure,
    });
    expect(decision.database).toBe('none');
    expect(decision.reason).toContain('this deployment took no snapshot (backup.enabled is false)');
    expect(decision.reason).toContain('WARNING: not blue-compatible: 0009_drop_legacy_sku');
  });

  it('names the snapshot the restore would put back', () => {
    const decision = decideRollback({
      trafficMoved: true,
      migrationsApplied: [expandOnly],
      databasePolicy: 'restore-with-approval',
      snapshotId: 'shop-prod-dep-1',
      failure,
    });
    expect(decision.reason).toContain(
      'the restore of snapshot shop-prod-dep-1 waits for an explicit approval',
    );
  });

  it.each([
    {
      trafficMoved: true,
      traffic: 'restore',
      says: 'Traffic: restore 100% to blue and check that blue is serving.',
    },
    {
      trafficMoved: false,
      traffic: 'none',
      says: 'Traffic: nothing to restore, no traffic had moved to green.',
    },
  ] as const)('traffic moved $trafficMoved → traffic $traffic', ({ trafficMoved, traffic, says }) => {
    const decision = decideRollback({ trafficMoved, migrationsApplied: [], databasePolicy: 'none', failure });
    expect(decision.traffic).toBe(traffic);
    expect(decision.reason).toBe(
      `rolling back after VerificationFailedError: green error rate 7.1% exceeds the 5% ceiling. ${says} ` +
        'Database: nothing to do, no migrations were applied.',
    );
  });
});

describe('Function: describeFailureCause', () => {
  it.each([
    {
      name: 'a Lambda JSON cause',
      failure: {
        Error: 'GreenUnhealthyError',
        Cause: JSON.stringify({
          errorType: 'GreenUnhealthyError',
          errorMessage: 'green has 0 of 2 tasks running',
          trace: [],
        }),
      },
      text: 'GreenUnhealthyError: green has 0 of 2 tasks running',
    },
    {
      name: 'a plain cause',
      failure: { Error: 'States.Timeout', Cause: 'bake timed out' },
      text: 'States.Timeout: bake timed out',
    },
    { name: 'an empty cause', failure: { Error: 'States.Timeout', Cause: '' }, text: 'States.Timeout' },
    {
      name: 'JSON without errorMessage',
      failure: { Error: 'X', Cause: '{"detail":"odd"}' },
      text: 'X: {"detail":"odd"}',
    },
    { name: 'broken JSON', failure: { Error: 'X', Cause: '{not json' }, text: 'X: {not json' },
    {
      name: 'a multi-line cause',
      failure: { Error: 'X', Cause: 'line one\n  line two' },
      text: 'X: line one line two',
    },
  ])('reads $name', ({ failure: f, text }) => {
    expect(describeFailureCause(f)).toBe(text);
  });

  it('cuts a long cause to 300 characters', () => {
    const text = describeFailureCause({ Error: 'X', Cause: 'y'.repeat(1000) });
    expect(text).toBe(`X: ${'y'.repeat(299)}…`);
  });
});

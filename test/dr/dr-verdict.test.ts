import { describe, expect, it } from 'vitest';
import type { TableIntegrity } from '../../src/dr/dr-ports.ts';
import {
  decideDrill,
  evaluateIntegrity,
  evaluateRpo,
  evaluateRto,
  evaluateTable,
} from '../../src/dr/dr-verdict.ts';

const orders = (rowCount: number, checksum = 'aaaaaaaaaaaa'): TableIntegrity => ({
  table: 'orders',
  rowCount,
  checksum,
});

describe('Function: evaluateRto', () => {
  it.each([
    // [restore seconds, RTO minutes, status, reason]
    [720, 240, 'pass', 'RTO 12 min is within the 4 h target'],
    [14_400, 240, 'pass', 'RTO 4 h is within the 4 h target'],
    [14_460, 240, 'fail', 'RTO 4 h 1 min exceeds the 4 h target'],
    [960, 15, 'fail', 'RTO 16 min exceeds the 15 min target'],
    [3000, 60, 'pass', 'RTO 50 min is within the 1 h target'],
    [90_000, 1440, 'fail', 'RTO 25 h exceeds the 24 h target'],
    [null, 240, 'skipped', 'RTO not measured: a backup verification does not restore'],
  ] as const)('restore of %s s against %s min → %s', (seconds, rtoMinutes, status, reason) => {
    expect(evaluateRto(seconds, rtoMinutes)).toEqual({ status, reason });
  });
});

describe('Function: evaluateRpo', () => {
  it.each([
    [11_400, 60, 'fail', 'RPO 3 h 10 min exceeds the 1 h target'],
    [1500, 60, 'pass', 'RPO 25 min is within the 1 h target'],
    [3600, 60, 'pass', 'RPO 1 h is within the 1 h target'],
    [301, 5, 'fail', 'RPO 5 min 1 s exceeds the 5 min target'],
    [-30, 60, 'pass', 'RPO 0 s is within the 1 h target'],
  ] as const)('snapshot %s s old against %s min → %s', (ageSeconds, rpoMinutes, status, reason) => {
    expect(evaluateRpo(ageSeconds, rpoMinutes)).toEqual({ status, reason });
  });
});

describe('Function: evaluateTable', () => {
  it.each([
    // [expected, actual, tolerance %, status, reason]
    [orders(10), orders(10), 0, 'match', 'orders: 10 rows, checksum matches'],
    [orders(10), orders(9), 0, 'mismatch', 'orders: 9 rows, expected 10'],
    [
      orders(10, 'aaaaaaaa1111'),
      orders(10, 'bbbbbbbb2222'),
      0,
      'mismatch',
      'orders: 10 rows as expected, but the checksum differs (bbbbbbbb…, expected aaaaaaaa…): row contents changed',
    ],
    [
      orders(100),
      orders(97, 'other'),
      5,
      'within-tolerance',
      'orders: 97 rows, 3% off the 100 recorded, within the 5% tolerance (checksums are compared only at 0%)',
    ],
    [
      orders(100),
      orders(90),
      5,
      'mismatch',
      'orders: 90 rows, 10% off the 100 recorded, over the 5% tolerance',
    ],
    [orders(0), orders(1), 50, 'mismatch', 'orders: 1 row, the snapshot recorded none'],
    [
      undefined,
      orders(7),
      0,
      'unrecorded',
      'orders: present with 7 rows; nothing was recorded with the snapshot to compare',
    ],
    [orders(10), undefined, 0, 'missing', 'orders: table missing in the restored copy'],
  ] as const)(
    'expected %o, actual %o, tolerance %s%% → %s',
    (expected, actual, tolerance, status, reason) => {
      expect(evaluateTable('orders', expected, actual, tolerance)).toMatchObject({ status, reason });
    },
  );
});

describe('Function: evaluateIntegrity', () => {
  it('checks the configured tables, and fails naming each missing or mismatched one', () => {
    const verdict = evaluateIntegrity({
      expected: [orders(10), { table: 'events', rowCount: 3, checksum: 'e' }],
      actual: [orders(10)],
      tables: ['orders', 'events'],
      rowCountTolerancePercent: 0,
    });
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toBe('integrity failed: events: table missing in the restored copy');
    expect(verdict.tables.map((t) => t.status)).toEqual(['match', 'missing']);
  });

  it('defaults to every recorded table', () => {
    const verdict = evaluateIntegrity({
      expected: [orders(2)],
      actual: [orders(2), { table: 'scratch', rowCount: 1, checksum: 's' }],
      tables: null,
      rowCountTolerancePercent: 0,
    });
    expect(verdict).toMatchObject({
      status: 'pass',
      reason: "1 table checked, all within tolerance of the snapshot's record",
    });
  });

  it('passes on presence alone when nothing was recorded, and says so', () => {
    const verdict = evaluateIntegrity({
      expected: null,
      actual: [orders(4)],
      tables: null,
      rowCountTolerancePercent: 0,
    });
    expect(verdict.reason).toBe(
      '1 table present; no row counts or checksums were recorded with the snapshot, so only presence was checked',
    );
    expect(verdict.status).toBe('pass');
  });

  it('fails when there is nothing at all to check', () => {
    const verdict = evaluateIntegrity({
      expected: null,
      actual: [],
      tables: null,
      rowCountTolerancePercent: 0,
    });
    expect(verdict.status).toBe('fail');
  });
});

describe('Function: decideDrill', () => {
  const base = {
    drillStartedAtMs: 10_000_000,
    snapshotCreatedAtMs: 10_000_000 - 20 * 60_000,
    restoreSeconds: 900,
    integrity: { expected: [orders(5)], actual: [orders(5)], tables: null, rowCountTolerancePercent: 0 },
    rtoMinutes: 240,
    rpoMinutes: 60,
  };

  it('passes when RTO, RPO and integrity pass', () => {
    const verdict = decideDrill(base);
    expect(verdict).toMatchObject({
      passed: true,
      failures: [],
      rpo: { seconds: 1200 },
      rto: { seconds: 900 },
    });
  });

  it.each([
    [
      'an old snapshot',
      { snapshotCreatedAtMs: 10_000_000 - 11_400_000 },
      'RPO 3 h 10 min exceeds the 1 h target',
    ],
    ['a slow restore', { restoreSeconds: 5 * 3600 }, 'RTO 5 h exceeds the 4 h target'],
    [
      'a damaged copy',
      { integrity: { ...base.integrity, actual: [orders(4)] } },
      'integrity failed: orders: 4 rows, expected 5',
    ],
  ] as const)('fails for %s, with the reason', (_label, change, reason) => {
    const verdict = decideDrill({ ...base, ...change });
    expect(verdict.passed).toBe(false);
    expect(verdict.failures).toEqual([reason]);
  });

  it('skips RTO and integrity for a backup verification and judges the RPO alone', () => {
    const verdict = decideDrill({ ...base, restoreSeconds: null, integrity: null });
    expect([verdict.passed, verdict.rto.status, verdict.integrity.status, verdict.rpo.status]).toEqual([
      true,
      'skipped',
      'skipped',
      'pass',
    ]);
  });
});

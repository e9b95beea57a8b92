/**
 * The DR drill's verdict: pure functions of what the drill observed and the targets.
 *
 * - RTO (recovery time): how long the restore took, from the restore request until the
 *   temporary instance was available, against `rtoMinutes` (seed 000: 4 h; seed 002 tiers
 *   15 min / 1 h / 4 h / 24 h).
 * - RPO (recovery point): how old the newest snapshot was when the drill started, i.e. the
 *   writes a restore would lose, against `rpoMinutes` (seed 000: 1 h).
 * - Integrity: each checked table exists in the restored copy, and its row count (and, with a
 *   zero tolerance, its checksum) matches what was recorded when the snapshot was taken.
 *
 * Every check returns a readable reason that goes straight into the report.
 */
import { formatDuration, formatNumber, plural } from '../core/format.ts';
import type { TableIntegrity } from './dr-ports.ts';

/** One check's outcome. `skipped` counts as passing: the drill did not measure it on purpose. */
export interface CheckVerdict {
  readonly status: 'pass' | 'fail' | 'skipped';
  readonly reason: string;
}

export type TableStatus = 'match' | 'within-tolerance' | 'mismatch' | 'missing' | 'unrecorded';

export interface TableVerdict {
  readonly table: string;
  readonly status: TableStatus;
  readonly expectedRows: number | null;
  readonly actualRows: number | null;
  readonly reason: string;
}

export interface IntegrityVerdict extends CheckVerdict {
  readonly tables: readonly TableVerdict[];
}

export interface DrillVerdict {
  readonly passed: boolean;
  readonly rto: CheckVerdict & { readonly seconds: number | null };
  readonly rpo: CheckVerdict & { readonly seconds: number };
  readonly integrity: IntegrityVerdict;
  /** One line per failed check; empty when the drill passed. */
  readonly failures: readonly string[];
}

const target = (minutes: number): string => formatDuration(minutes * 60);

/**
 * RTO: `null` seconds means the drill did not restore (a backup verification).
 * @example evaluateRto(720, 240) → pass, "RTO 12 min is within the 4 h target"
 */
export function evaluateRto(restoreSeconds: number | null, rtoMinutes: number): CheckVerdict {
  if (restoreSeconds === null) {
    return { status: 'skipped', reason: 'RTO not measured: a backup verification does not restore' };
  }
  const took = formatDuration(restoreSeconds);
  return restoreSeconds <= rtoMinutes * 60
    ? { status: 'pass', reason: `RTO ${took} is within the ${target(rtoMinutes)} target` }
    : { status: 'fail', reason: `RTO ${took} exceeds the ${target(rtoMinutes)} target` };
}

/**
 * RPO: the snapshot's age when the drill started. A snapshot stamped after the start (clock
 * skew) counts as age 0.
 * @example evaluateRpo(11_400, 60) → fail, "RPO 3 h 10 min exceeds the 1 h target"
 */
export function evaluateRpo(snapshotAgeSeconds: number, rpoMinutes: number): CheckVerdict {
  const age = formatDuration(Math.max(0, snapshotAgeSeconds));
  return snapshotAgeSeconds <= rpoMinutes * 60
    ? { status: 'pass', reason: `RPO ${age} is within the ${target(rpoMinutes)} target` }
    : { status: 'fail', reason: `RPO ${age} exceeds the ${target(rpoMinutes)} target` };
}

export interface IntegrityInput {
  /** Recorded with the snapshot; null when nothing was recorded (e.g. RDS automated backups). */
  readonly expected: readonly TableIntegrity[] | null;
  /** Read from the restored copy; a missing table is absent. */
  readonly actual: readonly TableIntegrity[];
  /** The configured tables; null means every recorded table (or every restored one when none was recorded). */
  readonly tables: readonly string[] | null;
  readonly rowCountTolerancePercent: number;
}

/** Compares one table. Exported for the table-driven tests. */
export function evaluateTable(
  table: string,
  expected: TableIntegrity | undefined,
  actual: TableIntegrity | undefined,
  tolerancePercent: number,
): TableVerdict {
  const base = { table, expectedRows: expected?.rowCount ?? null, actualRows: actual?.rowCount ?? null };
  if (!actual) {
    return { ...base, status: 'missing', reason: `${table}: table missing in the restored copy` };
  }
  const rows = plural(actual.rowCount, 'row');
  if (!expected) {
    return {
      ...base,
      status: 'unrecorded',
      reason: `${table}: present with ${rows}; nothing was recorded with the snapshot to compare`,
    };
  }
  if (tolerancePercent === 0) {
    if (actual.rowCount !== expected.rowCount) {
      return { ...base, status: 'mismatch', reason: `${table}: ${rows}, expected ${expected.rowCount}` };
    }
    if (actual.checksum !== expected.checksum) {
      return {
        ...base,
        status: 'mismatch',
        reason: `${table}: ${rows} as expected, but the checksum differs (${actual.checksum.slice(0, 8)}…, expected ${expected.checksum.slice(0, 8)}…): row contents changed`,
      };
    }
    return { ...base, status: 'match', reason: `${table}: ${rows}, checksum matches` };
  }
  if (expected.rowCount === 0 && actual.rowCount > 0) {
    return { ...base, status: 'mismatch', reason: `${table}: ${rows}, the snapshot recorded none` };
  }
  const offPercent = percentOff(actual.rowCount, expected.rowCount);
  const off = `${formatNumber(offPercent)}% off the ${expected.rowCount} recorded`;
  return offPercent <= tolerancePercent
    ? {
        ...base,
        status: 'within-tolerance',
        reason: `${table}: ${rows}, ${off}, within the ${formatNumber(tolerancePercent)}% tolerance (checksums are compared only at 0%)`,
      }
    : {
        ...base,
        status: 'mismatch',
        reason: `${table}: ${rows}, ${off}, over the ${formatNumber(tolerancePercent)}% tolerance`,
      };
}

/** |actual − expected| / expected in percent (0 when both are empty). */
function percentOff(actual: number, expected: number): number {
  if (expected === 0) return 0;
  return (Math.abs(actual - expected) / expected) * 100;
}

/** Checks every table; fails when one is missing or mismatched, or when there is nothing to check. */
export function evaluateIntegrity(input: IntegrityInput): IntegrityVerdict {
  const expectedByName = new Map((input.expected ?? []).map((t) => [t.table, t]));
  const actualByName = new Map(input.actual.map((t) => [t.table, t]));
  const names =
    input.tables ?? (input.expected ? input.expected.map((t) => t.table) : input.actual.map((t) => t.table));
  if (names.length === 0) {
    return {
      status: 'fail',
      reason: 'no tables to check: the snapshot recorded none and the restored copy has none',
      tables: [],
    };
  }
  const tables = names.map((name) =>
    evaluateTable(name, expectedByName.get(name), actualByName.get(name), input.rowCountTolerancePercent),
  );
  const bad = tables.filter((t) => t.status === 'missing' || t.status === 'mismatch');
  if (bad.length > 0) {
    return { status: 'fail', reason: `integrity failed: ${bad.map((t) => t.reason).join('; ')}`, tables };
  }
  const unrecorded = tables.filter((t) => t.status === 'unrecorded').length;
  const reason =
    unrecorded === tables.length
      ? `${plural(tables.length, 'table')} present; no row counts or checksums were recorded with the snapshot, so only presence was checked`
      : `${plural(tables.length, 'table')} checked, all within tolerance of the snapshot's record`;
  return { status: 'pass', reason, tables };
}

export interface DrillObservation {
  readonly drillStartedAtMs: number;
  readonly snapshotCreatedAtMs: number;
  /** Null when the drill did not restore. */
  readonly restoreSeconds: number | null;
  /** Null when the drill did not restore: integrity is then skipped. */
  readonly integrity: IntegrityInput | null;
  readonly rtoMinutes: number;
  readonly rpoMinutes: number;
}

/** The whole verdict: the drill passes when no check fails. */
export function decideDrill(observation: DrillObservation): DrillVerdict {
  const rpoSeconds = Math.max(0, (observation.drillStartedAtMs - observation.snapshotCreatedAtMs) / 1000);
  const rto = {
    ...evaluateRto(observation.restoreSeconds, observation.rtoMinutes),
    seconds: observation.restoreSeconds,
  };
  const rpo = { ...evaluateRpo(rpoSeconds, observation.rpoMinutes), seconds: rpoSeconds };
  const integrity: IntegrityVerdict = observation.integrity
    ? evaluateIntegrity(observation.integrity)
    : {
        status: 'skipped',
        reason: 'integrity not checked: a backup verification does not restore',
        tables: [],
      };
  const failures = [rto, rpo, integrity].filter((c) => c.status === 'fail').map((c) => c.reason);
  return { passed: failures.length === 0, rto, rpo, integrity, failures };
}

/** The DR-drill report notification (seed 000 §11: RTO 4 h, RPO 1 h; seed 002: quarterly tests). */
import type { Notification } from '../ports/notifier.ts';

export interface DrReport {
  readonly environment: string;
  readonly database: string;
  readonly snapshotId: string;
  readonly snapshotTakenAtMs: number;
  readonly restoreStartedAtMs: number;
  readonly restoreEndedAtMs: number;
  readonly rtoTargetMinutes: number;
  readonly rpoTargetMinutes: number;
  readonly integrityChecks: ReadonlyArray<{ name: string; passed: boolean; detail: string }>;
  readonly cleanedUp: boolean;
}

const minutes = (ms: number): string => `${(ms / 60_000).toFixed(1)} min`;

/** Renders the report; a missed target or failed check makes it critical. */
export function renderDrReport(report: DrReport, nowMs: number): Notification {
  const rtoMs = report.restoreEndedAtMs - report.restoreStartedAtMs;
  const rpoMs = report.restoreStartedAtMs - report.snapshotTakenAtMs;
  const rtoMet = rtoMs <= report.rtoTargetMinutes * 60_000;
  const rpoMet = rpoMs <= report.rpoTargetMinutes * 60_000;
  const failed = report.integrityChecks.filter((c) => !c.passed);
  const passed = rtoMet && rpoMet && failed.length === 0;
  const fields: Record<string, string> = {
    Time: new Date(nowMs).toISOString(),
    Environment: report.environment,
    Database: report.database,
    Snapshot: `${report.snapshotId} (taken ${new Date(report.snapshotTakenAtMs).toISOString()})`,
    RTO: `${minutes(rtoMs)} against a target of ${report.rtoTargetMinutes} min: ${rtoMet ? 'met' : 'MISSED'}`,
    RPO: `${minutes(rpoMs)} against a target of ${report.rpoTargetMinutes} min: ${rpoMet ? 'met' : 'MISSED'}`,
    'Integrity checks': report.integrityChecks
      .map((c) => `${c.passed ? 'ok' : 'FAILED'} ${c.name}${c.detail ? ` (${c.detail})` : ''}`)
      .join('; '),
    'Clean-up': report.cleanedUp
      ? 'temporary instance deleted'
      : 'temporary instance NOT deleted: delete it by hand',
    Result: passed ? 'PASSED' : 'FAILED',
  };
  return {
    severity: passed ? (report.cleanedUp ? 'info' : 'warning') : 'critical',
    subject: `[Greenlight] DR test ${passed ? 'passed' : 'FAILED'}: ${report.database} in ${report.environment}`,
    body: ['DR TEST REPORT', '', ...Object.entries(fields).map(([k, v]) => `${k}: ${v}`)].join('\n'),
    fields,
  };
}

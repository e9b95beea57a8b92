/**
 * The drill's report: one pure function from what the execution gathered to the outcome, the
 * notification and the audit detail. The same report is printed by `greenlight dr-test`.
 */
import { formatDuration, isoUtc } from '../core/format.ts';
import { causeMessage } from '../handlers/failure-text.ts';
import type { Notification } from '../ports/notifier.ts';
import type { CaughtError, CleanupResult, Drill } from './dr-state.ts';
import type { DrillVerdict } from './dr-verdict.ts';

/**
 * - `passed`: every check passed and the temporary instance is gone;
 * - `failed`: a check failed (RTO, RPO or integrity);
 * - `errored`: a step failed, so the drill could not finish (no snapshot, restore failed, …);
 * - `cleanup-failed`: the temporary instance could not be deleted; someone must delete it.
 */
export type DrillOutcome = 'passed' | 'failed' | 'errored' | 'cleanup-failed';

export interface DrillReportInput {
  readonly request: { readonly service?: unknown; readonly environment?: unknown; readonly drill?: unknown };
  readonly executionName: string;
  readonly drill?: Drill;
  readonly verdict?: DrillVerdict;
  readonly cleanup?: CleanupResult;
  readonly failure?: CaughtError;
  readonly cleanupFailure?: CaughtError;
}

export interface DrillReport {
  readonly outcome: DrillOutcome;
  readonly passed: boolean;
  readonly service: string;
  readonly environment: string;
  readonly kind: string;
  readonly snapshotId: string | null;
  readonly tempId: string | null;
  /** One line: the outcome and its main reason (the Fail state's cause). */
  readonly summary: string;
  /** The report, one line per fact, for the notification body and the terminal. */
  readonly lines: readonly string[];
  readonly verdict: DrillVerdict | null;
  readonly cleanup: CleanupResult | null;
}

const text = (value: unknown, fallback: string): string =>
  typeof value === 'string' && value !== '' ? value : fallback;

const failureText = (failure: CaughtError): string => `${failure.Error}: ${causeMessage(failure.Cause)}`;

/** Builds the report. Pure: no clock, no I/O. */
export function buildDrillReport(input: DrillReportInput): DrillReport {
  const { drill, verdict, cleanup, failure, cleanupFailure } = input;
  const service = drill?.service ?? text(input.request.service, 'unknown service');
  const environment = drill?.environment ?? text(input.request.environment, 'unknown environment');
  const kind = drill?.kind ?? text(input.request.drill, 'restore-test');
  const tempId = drill && drill.kind === 'restore-test' ? drill.tempId : null;

  const outcome: DrillOutcome = cleanupFailure
    ? 'cleanup-failed'
    : failure
      ? 'errored'
      : verdict?.passed
        ? 'passed'
        : 'failed';
  const what = `DR ${kind} of ${service} (${environment})`;
  const summary = {
    passed: `${what} passed`,
    failed: `${what} failed: ${verdict?.failures.join('; ') || 'no verdict was reached'}`,
    errored: `${what} could not finish: ${failure ? failureText(failure) : ''}`,
    'cleanup-failed': `${what}: the temporary instance ${tempId ?? '(unknown)'} could NOT be deleted; delete it by hand (${cleanupFailure ? failureText(cleanupFailure) : ''})`,
  }[outcome];

  const lines = [`Outcome: ${outcome.toUpperCase()}`, `Drill: ${input.executionName}`];
  if (drill) {
    lines.push(
      `Snapshot: ${drill.snapshot.snapshotId} (${drill.snapshot.kind}, taken ${isoUtc(drill.snapshot.createdAtMs)})`,
      `Targets: RTO ${formatDuration(drill.targets.rtoMinutes * 60)}, RPO ${formatDuration(drill.targets.rpoMinutes * 60)}`,
    );
  }
  if (verdict) {
    lines.push(`RTO: ${verdict.rto.status} (${verdict.rto.reason})`);
    lines.push(`RPO: ${verdict.rpo.status} (${verdict.rpo.reason})`);
    lines.push(`Integrity: ${verdict.integrity.status} (${verdict.integrity.reason})`);
    for (const table of verdict.integrity.tables) lines.push(`  - ${table.status}: ${table.reason}`);
  }
  if (failure) lines.push(`Failed step: ${failureText(failure)}`);
  if (cleanup) lines.push(`Cleanup: ${cleanup.status} (${cleanup.detail})`);
  if (cleanupFailure) {
    lines.push(
      `Cleanup: FAILED (${failureText(cleanupFailure)}); delete ${tempId ?? 'the temporary instance'} by hand`,
    );
  }
  return {
    outcome,
    passed: outcome === 'passed',
    service,
    environment,
    kind,
    snapshotId: drill?.snapshot.snapshotId ?? null,
    tempId,
    summary,
    lines,
    verdict: verdict ?? null,
    cleanup: cleanup ?? null,
  };
}

/** The notification: info when the drill passed, critical otherwise (a backup that may not restore). */
export function drillNotification(report: DrillReport): Notification {
  return {
    severity: report.passed ? 'info' : 'critical',
    subject: `[Greenlight] DR ${report.kind} ${report.outcome.toUpperCase()}: ${report.service} (${report.environment})`,
    body: [report.summary, '', ...report.lines].join('\n'),
    fields: {
      service: report.service,
      environment: report.environment,
      drill: report.kind,
      outcome: report.outcome,
      snapshotId: report.snapshotId ?? '',
      temporaryInstance: report.tempId ?? '',
      rto: report.verdict?.rto.reason ?? '',
      rpo: report.verdict?.rpo.reason ?? '',
      integrity: report.verdict?.integrity.reason ?? '',
      cleanup: report.cleanup?.status ?? (report.outcome === 'cleanup-failed' ? 'FAILED' : ''),
    },
  };
}

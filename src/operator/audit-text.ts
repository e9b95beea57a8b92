/**
 * The Store's audit record and deployment list as text, for `greenlight show` and
 * `greenlight history` (`--json` prints them whole instead). Pure.
 */
import type { AuditRecord } from '../audit/audit-record.ts';
import { formatDuration, isoUtc } from '../core/format.ts';
import type { DeploymentRecord } from '../ports/store.ts';

type Fields = Readonly<Record<string, unknown>>;

const asFields = (value: unknown): Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : {};

/** A value in one line: strings bare, anything else as compact JSON. */
const inline = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** Nested values longer than this are summarised in the text (`--json` has them whole). */
const maxInlineJson = 80;

/** A detail value for one line: long lists and objects shortened to their size. */
function brief(value: unknown): string {
  const text = inline(value);
  if (typeof value !== 'object' || value === null || text.length <= maxInlineJson) return text;
  return Array.isArray(value) ? `[${value.length} items]` : `{${Object.keys(value).join(', ')}}`;
}

/** `key=value` pairs of a detail, leaving out `skip`. */
function pairs(detail: Fields, skip: readonly string[] = []): string {
  return Object.entries(detail)
    .filter(([key, value]) => !skip.includes(key) && value !== undefined)
    .map(([key, value]) => `${key}=${brief(value)}`)
    .join(' ');
}

/** Approval events have their own section; the other steps are listed in order. */
const approvalSection = new Set(['requested', 'granted', 'rejected', 'completed']);

/** `2× cab, 1× security` from `[{ role, count }]`. */
function requirementsText(requirements: unknown): string {
  if (!Array.isArray(requirements) || requirements.length === 0) return 'none';
  return requirements
    .map((r) => {
      const { role, count } = asFields(r);
      return `${typeof count === 'number' ? count : 1}× ${String(role ?? '?')}`;
    })
    .join(', ');
}

function requestText(request: unknown): string {
  const r = asFields(request);
  if (Object.keys(r).length === 0) return '(not recorded)';
  const parts = [
    `${inline(r.service ?? '?')} ${inline(r.version ?? '?')}`,
    r.releaseType ? `(${inline(r.releaseType)})` : '',
    `to ${inline(r.environment ?? '?')}`,
    r.changeRequestId ? `change ${inline(r.changeRequestId)}` : '',
    r.requestedBy ? `requested by ${inline(r.requestedBy)}` : '',
  ];
  return parts.filter(Boolean).join(' ');
}

function policyText(policy: unknown): string {
  const p = asFields(policy);
  if (Object.keys(p).length === 0) return '(not recorded)';
  const window = asFields(p.window);
  const windowText = window.name
    ? `window ${inline(window.name)} ${window.open ? 'open' : 'closed'}${window.detail ? ` (${inline(window.detail)})` : ''}`
    : 'window (not recorded)';
  return `${windowText}; approvals ${requirementsText(p.approvals)}`;
}

function migrationName(migration: unknown): string {
  const m = asFields(migration);
  return inline(m.id ?? m.name ?? migration);
}

function weightsText(weights: Fields): string {
  const shares = ['blue', 'green']
    .filter((colour) => typeof weights[colour] === 'number')
    .map((colour) => `${colour} ${weights[colour]}%`)
    .join(' / ');
  const rest = pairs(weights, ['blue', 'green', 'rollback']);
  return `${shares || '?'}${weights.rollback ? ' (rollback)' : ''}${rest ? `  ${rest}` : ''}`;
}

function outcomeText(outcome: AuditRecord['outcome']): string {
  const at = outcome.atMs === null ? '' : ` at ${isoUtc(outcome.atMs)}`;
  const failure = asFields(outcome.failure);
  const why = failure.error
    ? `: ${inline(failure.error)}${failure.cause ? `: ${inline(failure.cause)}` : ''}`
    : '';
  return `${outcome.status}${at}${why}`;
}

/** The record of one deployment, section by section (time stamps in UTC). */
export function formatAuditRecord(record: AuditRecord): string {
  const { approvals } = record;
  const lines = [
    `Audit record (store) of ${record.deploymentId}:`,
    `  request:    ${requestText(record.request)}`,
    `  policy:     ${policyText(record.policy)}`,
  ];
  if (approvals.requested) {
    const timeout =
      typeof approvals.requested.timeoutSeconds === 'number'
        ? ` (times out after ${formatDuration(approvals.requested.timeoutSeconds)})`
        : '';
    lines.push(
      `  approvals:  ${requirementsText(approvals.requested.requirements)} requested at ${isoUtc(approvals.requested.atMs)}${timeout}`,
    );
  } else {
    lines.push('  approvals:  none required');
  }
  for (const d of approvals.decisions) {
    const reason = d.reason ? `: ${d.reason}` : '';
    lines.push(
      `    ${isoUtc(d.atMs)}  ${d.decision} by ${d.by} as ${d.role || '?'} (via ${d.via || '?'})${reason}`,
    );
  }
  if (approvals.completedAtMs !== null) lines.push(`    ${isoUtc(approvals.completedAtMs)}  gate complete`);
  lines.push(`  snapshot:   ${record.snapshotId ?? 'none'}`);
  lines.push(
    `  migrations: ${record.migrationsApplied.length === 0 ? 'none applied' : record.migrationsApplied.map(migrationName).join(', ')}`,
  );
  lines.push(`  weights:    ${record.weightChanges.length === 0 ? 'never changed' : ''}`.trimEnd());
  for (const w of record.weightChanges) lines.push(`    ${isoUtc(w.atMs)}  ${weightsText(w.weights)}`);
  lines.push(`  alarms:     ${record.alarms.length === 0 ? 'none' : ''}`.trimEnd());
  for (const a of record.alarms) {
    const { alarmName, reason, acted } = a.detail;
    const rest = pairs(a.detail, ['alarmName', 'reason', 'acted']);
    lines.push(
      `    ${isoUtc(a.atMs)}  ${inline(alarmName ?? '?')}${reason ? `: ${inline(reason)}` : ''}${acted ? ' (acted on)' : ' (no action)'}${rest ? `  ${rest}` : ''}`,
    );
  }
  lines.push('  steps:');
  for (const s of record.steps) {
    if (s.step === 'approval' && approvalSection.has(s.phase)) continue;
    const detail = pairs(s.detail, ['request', 'policy']);
    const name = s.phase === 'done' ? s.step : `${s.step} ${s.phase}`;
    lines.push(`    ${isoUtc(s.atMs)}  ${name}${detail ? `  ${detail}` : ''}`);
  }
  lines.push(`  outcome:    ${outcomeText(record.outcome)}`);
  return lines.join('\n');
}

/** What a finished deployment came to, for the history list: `succeeded after 4 min`, `rolled-back: AlarmTriggeredError`. */
export function outcomeOf(record: DeploymentRecord): string {
  if (record.status === 'running') return '…';
  const ended = typeof record.endedAtMs === 'number' ? record.endedAtMs : null;
  const after = ended === null ? '' : ` after ${formatDuration((ended - record.startedAtMs) / 1000)}`;
  const failure = asFields(record.failure);
  return `${record.status}${after}${failure.error ? `: ${inline(failure.error)}` : ''}`;
}

/** The deployment records as a table: started, service, environment, version, status, outcome, id. */
export function formatHistory(records: readonly DeploymentRecord[]): string {
  if (records.length === 0) return 'no deployments recorded';
  const rows = records.map((r) => [
    isoUtc(r.startedAtMs),
    r.service,
    r.environment,
    r.version,
    r.status,
    outcomeOf(r),
    r.deploymentId,
  ]);
  const header = ['STARTED', 'SERVICE', 'ENV', 'VERSION', 'STATUS', 'OUTCOME', 'DEPLOYMENT'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => String(row[i]).length)));
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? String(cell) : String(cell).padEnd(widths[i] ?? 0)))
        .join('  '),
    )
    .join('\n');
}

/**
 * One audit record per deployment, assembled from the Store: the request, the policy decision,
 * the approvals (who, when), every step's start/end/result, the weight changes, the alarms, the
 * snapshot id, the migrations applied, and the outcome. Pure assembly: no writes.
 */
import type { AuditEvent, DeploymentRecord, Store } from '../ports/store.ts';

export interface AuditRecord {
  readonly deploymentId: string;
  readonly request: unknown;
  readonly policy: unknown;
  readonly approvals: {
    readonly requested: { atMs: number; requirements: unknown; timeoutSeconds: unknown } | null;
    readonly decisions: Array<{
      atMs: number;
      decision: 'approved' | 'rejected';
      by: string;
      role: string;
      via: string;
      reason?: string;
    }>;
    readonly completedAtMs: number | null;
  };
  /** Each step event in order: `<step>.<phase>` (e.g. `backup.started`, `green.stable`) with its detail. */
  readonly steps: Array<{
    atMs: number;
    step: string;
    phase: string;
    detail: Readonly<Record<string, unknown>>;
  }>;
  readonly weightChanges: Array<{ atMs: number; weights: Readonly<Record<string, unknown>> }>;
  readonly alarms: Array<{ atMs: number; detail: Readonly<Record<string, unknown>> }>;
  readonly snapshotId: string | null;
  readonly migrationsApplied: unknown[];
  readonly outcome: { status: string; atMs: number | null; failure: unknown };
  /** Every event, unchanged, for anything the summary leaves out. */
  readonly events: readonly AuditEvent[];
}

const stepPhase = (type: string): { step: string; phase: string } => {
  const dot = type.lastIndexOf('.');
  return dot < 0 ? { step: type, phase: 'done' } : { step: type.slice(0, dot), phase: type.slice(dot + 1) };
};

/** Assembles the record from a deployment record (may be null) and its audit events. */
export function assembleAuditRecord(
  deploymentId: string,
  deployment: DeploymentRecord | null,
  events: readonly AuditEvent[],
): AuditRecord {
  const sorted = [...events].sort((a, b) => a.atMs - b.atMs);
  const detailOf = (type: string) => sorted.find((e) => e.type === type)?.detail;
  const preflight = detailOf('preflight.passed');
  const requested = sorted.filter((e) => e.type === 'approval.requested').at(-1);
  const decisions: AuditRecord['approvals']['decisions'] = sorted
    .filter((e) => e.type === 'approval.granted' || e.type === 'approval.rejected')
    .map((e) => ({
      atMs: e.atMs,
      decision: e.type === 'approval.granted' ? 'approved' : 'rejected',
      by: String(e.detail.by ?? '?'),
      role: String(e.detail.role ?? ''),
      via: String(e.detail.via ?? ''),
      ...(e.detail.reason ? { reason: String(e.detail.reason) } : {}),
    }));
  const snapshot = sorted.filter((e) => typeof e.detail.snapshotId === 'string').at(-1);
  const outcome = sorted.filter((e) => e.type === 'outcome').at(-1);
  const notSteps = new Set(['weights.changed', 'alarm', 'outcome', 'migration.applied', 'notification.sent']);
  return {
    deploymentId,
    request: deployment?.request ?? preflight?.request ?? null,
    policy: preflight?.policy ?? null,
    approvals: {
      requested: requested
        ? {
            atMs: requested.atMs,
            requirements: requested.detail.requirements ?? requested.detail.required,
            timeoutSeconds: requested.detail.timeoutSeconds,
          }
        : null,
      decisions,
      completedAtMs: sorted.find((e) => e.type === 'approval.completed')?.atMs ?? null,
    },
    steps: sorted
      .filter((e) => !notSteps.has(e.type))
      .map((e) => ({ atMs: e.atMs, ...stepPhase(e.type), detail: e.detail })),
    weightChanges: sorted
      .filter((e) => e.type === 'weights.changed')
      .map((e) => ({ atMs: e.atMs, weights: e.detail })),
    alarms: sorted.filter((e) => e.type === 'alarm').map((e) => ({ atMs: e.atMs, detail: e.detail })),
    snapshotId: snapshot ? String(snapshot.detail.snapshotId) : null,
    migrationsApplied: migrationsOf(sorted, detailOf('migrations.applied')),
    outcome: {
      status: String(outcome?.detail.outcome ?? deployment?.status ?? 'running'),
      atMs: outcome?.atMs ?? null,
      failure: deployment?.failure ?? null,
    },
    events: sorted,
  };
}

/** Reads and assembles the record of one deployment. */
export async function readAuditRecord(
  store: Pick<Store, 'getDeployment' | 'listAudit'>,
  deploymentId: string,
): Promise<AuditRecord> {
  const [deployment, events] = await Promise.all([
    store.getDeployment(deploymentId),
    store.listAudit(deploymentId),
  ]);
  return assembleAuditRecord(deploymentId, deployment, events);
}

/**
 * One event per migration as it commits, so a run that failed half-way still lists its own;
 * records written before those events existed have only the run's summary.
 */
function migrationsOf(
  events: readonly { readonly type: string; readonly detail: Readonly<Record<string, unknown>> }[],
  summary: Readonly<Record<string, unknown>> | undefined,
): unknown[] {
  const each = events.filter((e) => e.type === 'migration.applied').map((e) => e.detail);
  return each.length > 0 ? each : ((summary?.applied as unknown[] | undefined) ?? []);
}

/**
 * The approval gate's state as the audit trail records it. The trail is the source of truth:
 * the approval handler writes the requirements, each decision appends an event, and the
 * gate's state is a fold over those events. Pure.
 */
import type { AuditEvent } from '../ports/store.ts';
import type { ApprovalRequirement } from '../schema/config.ts';
import type { ApprovalGrant } from './approval-tally.ts';

/** Audit event types of the approval gate. */
export const approvalEvents = {
  requested: 'approval.requested',
  granted: 'approval.granted',
  rejected: 'approval.rejected',
  completed: 'approval.completed',
  /** The approval reminder re-sent the request to those who had not approved yet. */
  reminded: 'approval.reminded',
} as const;

/** How a decision arrived: a signed email link, the CLI/console (IAM), or the IAM endpoint. */
/** How a decision arrived; `simulation` is `greenlight simulate --preset` answering as the configured roles. */
export type DecisionChannel = 'link' | 'cli' | 'iam-endpoint' | 'simulation';

export interface GateRecord {
  /** Null when no approval was requested for this deployment. */
  readonly requirements: ApprovalRequirement[] | null;
  readonly grants: ApprovalGrant[];
  readonly rejection: { by: string; role: string; reason: string; atMs: number } | null;
  readonly completed: boolean;
  /** When the current request was made; null when none was. */
  readonly requestedAtMs: number | null;
  /** When the approvers were last notified: the request, or the latest reminder since it. */
  readonly lastNotifiedAtMs: number | null;
}

/** Folds a deployment's audit events into the gate's state (the last request starts it afresh). */
export function gateRecordFrom(events: readonly AuditEvent[]): GateRecord {
  let requirements: ApprovalRequirement[] | null = null;
  let grants: ApprovalGrant[] = [];
  let rejection: GateRecord['rejection'] = null;
  let completed = false;
  let requestedAtMs: number | null = null;
  let lastNotifiedAtMs: number | null = null;
  for (const event of events) {
    const detail = event.detail as Record<string, unknown>;
    switch (event.type) {
      case approvalEvents.requested:
        requirements = Array.isArray(detail.requirements)
          ? (detail.requirements as ApprovalRequirement[])
          : [];
        grants = [];
        rejection = null;
        completed = false;
        requestedAtMs = event.atMs;
        lastNotifiedAtMs = event.atMs;
        break;
      case approvalEvents.reminded:
        if (requestedAtMs !== null) lastNotifiedAtMs = event.atMs;
        break;
      case approvalEvents.granted:
        grants.push(grantOf(event));
        break;
      case approvalEvents.rejected:
        rejection = rejectionOf(event);
        break;
      case approvalEvents.completed:
        completed = true;
        break;
    }
  }
  return { requirements, grants, rejection, completed, requestedAtMs, lastNotifiedAtMs };
}

/** An approval event as a grant: who, in which role, when. */
export function grantOf(event: AuditEvent): ApprovalGrant {
  const detail = event.detail as Record<string, unknown>;
  return { by: String(detail.by), role: String(detail.role), atMs: event.atMs };
}

/** A rejection event: who, in which role, why, when. */
export function rejectionOf(event: AuditEvent): NonNullable<GateRecord['rejection']> {
  const detail = event.detail as Record<string, unknown>;
  return {
    by: String(detail.by),
    role: String(detail.role ?? ''),
    reason: String(detail.reason ?? ''),
    atMs: event.atMs,
  };
}

/**
 * Approvals after the fact (seed 000 §7.4, the emergency change: "Implement fix ASAP", then
 * "Post-hoc approval within 24 hours"). Preflight records what is due and by when; approvers
 * answer with `greenlight approve <id> --step after-the-fact`, counted by the gate's own rules
 * (distinct people, the required roles); the approval reminder pages once when one is overdue,
 * and a rejection pages at once: the change is live and someone must decide what to do about it.
 * The audit trail is the source of truth, as for the gate.
 */
import type { Clock } from '../ports/clock.ts';
import type { AuditEvent, Store } from '../ports/store.ts';
import type { ApprovalRequirement, EnvironmentConfig } from '../schema/config.ts';
import type { ReleaseType } from '../schema/request.ts';
import {
  type ApprovalGrant,
  type ApprovalTally,
  describeRequirements,
  grantRefusal,
  tallyApprovals,
} from './approval-tally.ts';
import { type DecisionChannel, type GateRecord, grantOf, rejectionOf } from './gate-record.ts';
import { reminderRunEverySeconds } from './reminder-schedule.ts';

const reminderRunEveryText = `${reminderRunEverySeconds / 60} minutes`;

export const afterTheFactEvents = {
  due: 'after-the-fact.due',
  granted: 'after-the-fact.granted',
  rejected: 'after-the-fact.rejected',
  completed: 'after-the-fact.completed',
  /** The approval reminder paged: the approvals were overdue, or were rejected. */
  paged: 'after-the-fact.paged',
} as const;

export type AfterTheFactPage = 'overdue' | 'rejected';

/** The deployment-record field that lets the reminder find open ones without reading every trail. */
export const afterTheFactField = 'afterTheFact';

export interface AfterTheFactRecord {
  /** Null when nothing is due for this deployment. */
  readonly requirements: ApprovalRequirement[] | null;
  readonly dueAtMs: number | null;
  readonly grants: ApprovalGrant[];
  readonly rejection: GateRecord['rejection'];
  readonly completedAtMs: number | null;
  /** What has been paged about already, once each. */
  readonly paged: readonly AfterTheFactPage[];
}

/** What Preflight records when the release type owes approvals after the fact; null when it owes none. */
export function afterTheFactDue(
  config: Pick<EnvironmentConfig, 'approvalsAfter'>,
  releaseType: ReleaseType,
  startedAtMs: number,
): { requirements: ApprovalRequirement[]; dueAtMs: number } | null {
  const owed = config.approvalsAfter[releaseType];
  if (!owed) return null;
  return {
    requirements: owed.approvals.map((a) => ({ ...a })),
    dueAtMs: startedAtMs + owed.withinSeconds * 1000,
  };
}

/** Folds a deployment's audit trail into its after-the-fact approvals. Pure. */
export function afterTheFactRecordFrom(events: readonly AuditEvent[]): AfterTheFactRecord {
  let requirements: ApprovalRequirement[] | null = null;
  let dueAtMs: number | null = null;
  const grants: ApprovalGrant[] = [];
  let rejection: AfterTheFactRecord['rejection'] = null;
  let completedAtMs: number | null = null;
  const paged: AfterTheFactPage[] = [];
  for (const event of events) {
    const detail = event.detail as Record<string, unknown>;
    switch (event.type) {
      case afterTheFactEvents.due:
        requirements = Array.isArray(detail.requirements)
          ? (detail.requirements as ApprovalRequirement[])
          : [];
        dueAtMs = Number(detail.dueAtMs);
        break;
      case afterTheFactEvents.granted:
        grants.push(grantOf(event));
        break;
      case afterTheFactEvents.rejected:
        rejection = rejectionOf(event);
        break;
      case afterTheFactEvents.completed:
        completedAtMs = event.atMs;
        break;
      case afterTheFactEvents.paged:
        paged.push(detail.why === 'rejected' ? 'rejected' : 'overdue');
        break;
    }
  }
  return { requirements, dueAtMs, grants, rejection, completedAtMs, paged };
}

/**
 * Whether to page now, and why: once when the approvals are still open at their due time, and
 * once when someone rejected them (the change is live: roll it back or own it). Pure.
 */
export function pageDecision(
  record: AfterTheFactRecord,
  nowMs: number,
): { readonly page: AfterTheFactPage | null; readonly reason: string } {
  if (record.requirements === null || record.dueAtMs === null)
    return { page: null, reason: 'nothing is due after the fact' };
  if (record.rejection) {
    return record.paged.includes('rejected')
      ? { page: null, reason: 'rejected after the fact, paged already' }
      : {
          page: 'rejected',
          reason: `rejected after the fact by ${record.rejection.by} as ${record.rejection.role}: ${record.rejection.reason}. The release is live: roll it back (greenlight rollback) or approve a fix`,
        };
  }
  if (record.completedAtMs !== null) return { page: null, reason: 'approved after the fact' };
  if (nowMs < record.dueAtMs)
    return { page: null, reason: `due by ${new Date(record.dueAtMs).toISOString()}` };
  if (record.paged.includes('overdue')) return { page: null, reason: 'overdue, paged already' };
  const { missing } = tallyApprovals(record.requirements, record.grants);
  return {
    page: 'overdue',
    reason: `the approvals due after the fact by ${new Date(record.dueAtMs).toISOString()} are overdue: still needed ${missing.map((m) => `${m.needed} × ${m.role}`).join(', ')}`,
  };
}

export type AfterTheFactOutcome =
  | {
      readonly status: 'refused';
      readonly reason: 'not-due' | 'closed' | 'wrong-role' | 'already-counted';
      readonly detail: string;
    }
  | { readonly status: 'recorded' | 'approved'; readonly tally: ApprovalTally; readonly detail: string }
  | { readonly status: 'rejected'; readonly detail: string };

export interface AfterTheFactDecision {
  readonly deploymentId: string;
  readonly decision: 'approve' | 'reject';
  readonly role: string;
  /** The verified identity (an IAM ARN on AWS, the operator's `--as` locally). */
  readonly approver: string;
  readonly reason?: string;
  readonly via: DecisionChannel;
}

/**
 * Checks and records one decision after the fact. Every refusal comes before the first write,
 * so a refused decision changes nothing. A rejection is recorded and answered `rejected`; the
 * approval reminder pages about it on its next run.
 */
export async function decideAfterTheFact(
  deps: {
    readonly store: Pick<Store, 'listAudit' | 'appendAudit' | 'updateDeployment'>;
    readonly clock: Clock;
  },
  request: AfterTheFactDecision,
): Promise<AfterTheFactOutcome> {
  const { deploymentId, role } = request;
  const record = afterTheFactRecordFrom(await deps.store.listAudit(deploymentId));
  if (record.requirements === null) {
    return {
      status: 'refused',
      reason: 'not-due',
      detail: `deployment ${deploymentId} owes no approvals after the fact`,
    };
  }
  if (record.completedAtMs !== null || record.rejection) {
    const how = record.rejection ? `rejected by ${record.rejection.by}` : 'approved';
    return {
      status: 'refused',
      reason: 'closed',
      detail: `the approvals after the fact of ${deploymentId} were already ${how}`,
    };
  }
  const approver = request.approver.trim();
  const problem = grantRefusal(record.requirements, record.grants, role, approver, request.decision);
  if (problem) return { status: 'refused', ...problem };

  const nowMs = deps.clock.nowMs();
  if (request.decision === 'reject') {
    const reason = request.reason?.trim() || `rejected via ${request.via} (no reason given)`;
    await deps.store.appendAudit(deploymentId, {
      atMs: nowMs,
      type: afterTheFactEvents.rejected,
      detail: { by: approver, role, via: request.via, reason },
    });
    // Left open on the record: the approval reminder pages about it, then closes it.
    return {
      status: 'rejected',
      detail: `rejected after the fact by ${approver} as ${role}: ${reason}; the on-call is paged within ${reminderRunEveryText}`,
    };
  }
  await deps.store.appendAudit(deploymentId, {
    atMs: nowMs,
    type: afterTheFactEvents.granted,
    detail: { by: approver, role, via: request.via },
  });
  const tally = tallyApprovals(record.requirements, [...record.grants, { by: approver, role, atMs: nowMs }]);
  if (!tally.complete) {
    return {
      status: 'recorded',
      tally,
      detail: `still needed after the fact: ${describeRequirements(tally.missing.map((m) => ({ role: m.role, count: m.needed })))}`,
    };
  }
  await deps.store.appendAudit(deploymentId, {
    atMs: nowMs,
    type: afterTheFactEvents.completed,
    detail: {
      approvedBy: tally.satisfied.flatMap((s) => s.approvers.map((a) => ({ by: a.by, role: a.role }))),
    },
  });
  await deps.store.updateDeployment(deploymentId, {
    [afterTheFactField]: { dueAtMs: record.dueAtMs, closedAtMs: nowMs },
  });
  return { status: 'approved', tally, detail: 'every approval due after the fact has been given' };
}

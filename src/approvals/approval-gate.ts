/**
 * The approval gate's decisions: a signed link is verified, counted, and only when every
 * requirement has its distinct approvers does the waiting `AwaitApproval` task succeed. Any
 * rejection fails it with ApprovalRejectedError. Every refusal happens before the first write,
 * so a refused link changes nothing: no task call, no audit event, no nonce spent.
 */
import { ApprovalRejectedError } from '../errors.ts';
import type { Clock } from '../ports/clock.ts';
import type { Store } from '../ports/store.ts';
import type { WorkflowCallbacks } from '../ports/workflow-callbacks.ts';
import {
  type ApprovalLinkClaims,
  type LinkKeys,
  type LinkRefusalReason,
  normaliseIdentity,
  verifyApprovalLink,
} from './approval-link.ts';
import { type ApprovalTally, describeTally, tallyApprovals } from './approval-tally.ts';
import { approvalEvents, type DecisionChannel, gateRecordFrom } from './gate-record.ts';
import type { NonceLedger } from './nonce-ledger.ts';

export interface ApprovalGateDeps {
  readonly store: Pick<Store, 'listAudit' | 'appendAudit' | 'getCallback' | 'clearCallback'>;
  readonly callbacks: Pick<WorkflowCallbacks, 'succeed' | 'fail'>;
  readonly clock: Clock;
  readonly nonces: NonceLedger;
  /** The signing keys (Secrets Manager on AWS, cached; an env secret locally). */
  readonly keys: () => Promise<LinkKeys>;
}

export type GateRefusalReason = LinkRefusalReason | 'not-waiting' | 'already-counted' | 'unsupported-step';

export type GateOutcome =
  | { readonly status: 'refused'; readonly reason: GateRefusalReason; readonly detail: string }
  /** Counted; the gate still waits for `tally.missing`. */
  | { readonly status: 'recorded'; readonly tally: ApprovalTally; readonly detail: string }
  /** The last approval needed: SendTaskSuccess was sent. */
  | {
      readonly status: 'approved';
      readonly tally: ApprovalTally;
      readonly detail: string;
      /** False when the task had stopped waiting (timed out) before the answer arrived. */
      readonly delivered?: boolean;
    }
  /** SendTaskFailure ApprovalRejectedError was sent. */
  | { readonly status: 'rejected'; readonly detail: string; readonly delivered?: boolean };

const refused = (reason: GateRefusalReason, detail: string): GateOutcome => ({
  status: 'refused',
  reason,
  detail,
});

/** Verifies a link and, when it may count, records the decision and acts on the workflow. */
export async function decideByLink(deps: ApprovalGateDeps, token: string, reason = ''): Promise<GateOutcome> {
  const keys = await deps.keys();
  const nowMs = deps.clock.nowMs();
  const first = verifyApprovalLink(token, { keys, nowMs });
  if (!first.valid) return refused(first.reason, first.detail);
  const { claims } = first;
  if (claims.step !== 'approval') {
    return refused(
      'unsupported-step',
      `links only decide approvals; use greenlight rollback for ${claims.step}`,
    );
  }

  // Reads only, until every check has passed.
  const record = gateRecordFrom(await deps.store.listAudit(claims.deploymentId));
  const taskToken = await deps.store.getCallback(claims.deploymentId, 'approval');
  if (!taskToken || record.requirements === null || record.completed || record.rejection) {
    return refused('not-waiting', `deployment ${claims.deploymentId} is not waiting for an approval`);
  }
  const verdict = verifyApprovalLink(token, {
    keys,
    nowMs,
    usedNonces: { has: () => false },
    requiredRoles: record.requirements.map((r) => r.role),
  });
  if (!verdict.valid) return refused(verdict.reason, verdict.detail);
  if (await deps.nonces.isSpent(claims.nonce)) {
    return refused('replayed', 'the link was already used (links are single use)');
  }
  const approver = normaliseIdentity(claims.approver);
  if (claims.decision === 'approve' && record.grants.some((g) => normaliseIdentity(g.by) === approver)) {
    return refused('already-counted', `${approver} has already approved; each approver counts once`);
  }

  // First write: spending the nonce. Losing this race means another click used the link.
  if (!(await deps.nonces.spend(claims.nonce, nowMs))) {
    return refused('replayed', 'the link was already used (links are single use)');
  }
  return claims.decision === 'approve'
    ? grant(deps, { ...claims, approver }, taskToken, 'link')
    : reject(
        deps,
        { ...claims, approver },
        taskToken,
        'link',
        reason.trim() || 'rejected by email link (no reason given)',
      );
}

type Decider = Pick<ApprovalLinkClaims, 'deploymentId' | 'role' | 'approver'> & { nonce?: string };

/** Records an approval; sends SendTaskSuccess (with who approved and when) once the tally is complete. */
export async function grant(
  deps: Pick<ApprovalGateDeps, 'store' | 'callbacks' | 'clock'>,
  who: Decider,
  taskToken: string,
  via: DecisionChannel,
): Promise<GateOutcome> {
  const { deploymentId } = who;
  await deps.store.appendAudit(deploymentId, {
    atMs: deps.clock.nowMs(),
    type: approvalEvents.granted,
    detail: { by: who.approver, role: who.role, via, ...(who.nonce ? { nonce: who.nonce } : {}) },
  });
  const record = gateRecordFrom(await deps.store.listAudit(deploymentId));
  const tally = tallyApprovals(record.requirements ?? [], record.grants);
  if (!tally.complete) return { status: 'recorded', tally, detail: describeTally(tally) };

  const approvedBy = tally.satisfied.flatMap((s) =>
    s.approvers.map((a) => ({ by: a.by, role: a.role, at: new Date(a.atMs).toISOString() })),
  );
  const outcome = await deps.callbacks.succeed(taskToken, { approved: true, approvedBy });
  await deps.store.appendAudit(deploymentId, {
    atMs: deps.clock.nowMs(),
    type: approvalEvents.completed,
    detail: { approvedBy, delivered: outcome === 'delivered' },
  });
  await deps.store.clearCallback(deploymentId, 'approval');
  return { status: 'approved', tally, detail: describeTally(tally), delivered: outcome === 'delivered' };
}

/** Records a rejection and fails the waiting task with ApprovalRejectedError, naming who and why. */
export async function reject(
  deps: Pick<ApprovalGateDeps, 'store' | 'callbacks' | 'clock'>,
  who: Decider,
  taskToken: string,
  via: DecisionChannel,
  reason: string,
): Promise<GateOutcome> {
  const cause = `rejected by ${who.approver} (${who.role}): ${reason}`;
  await deps.store.appendAudit(who.deploymentId, {
    atMs: deps.clock.nowMs(),
    type: approvalEvents.rejected,
    detail: { by: who.approver, role: who.role, reason, via, ...(who.nonce ? { nonce: who.nonce } : {}) },
  });
  const outcome = await deps.callbacks.fail(taskToken, ApprovalRejectedError.name, cause);
  await deps.store.clearCallback(who.deploymentId, 'approval');
  return { status: 'rejected', detail: cause, delivered: outcome === 'delivered' };
}

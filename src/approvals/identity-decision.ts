/**
 * Decisions by a known identity (the IAM approval API, `greenlight approve`): the same gate as
 * the signed links, minus the token. The caller vouches for who is deciding (IAM on AWS, the
 * operator's `--as` locally); the gate checks the role is one it requires, counts each person
 * once, and only completes the task when every requirement has its distinct approvers. Every
 * refusal happens before the first write, so a refused decision changes nothing.
 */

import { type ApprovalGateDeps, type GateOutcome, grant, reject } from './approval-gate.ts';
import type { ApprovalDecision } from './approval-link.ts';
import { grantRefusal } from './approval-tally.ts';
import { type DecisionChannel, gateRecordFrom } from './gate-record.ts';

/** One decision by an identity the channel has already verified. */
export interface IdentityDecision {
  readonly deploymentId: string;
  readonly decision: ApprovalDecision;
  /** The role decided as; must be one of the gate's requirements. */
  readonly role: string;
  /** The verified identity (an IAM ARN, or the operator's e-mail locally). */
  readonly approver: string;
  readonly reason?: string;
  readonly via: DecisionChannel;
}

const refused = (reason: 'not-waiting' | 'wrong-role' | 'already-counted', detail: string): GateOutcome => ({
  status: 'refused',
  reason,
  detail,
});

/** Checks, records and acts on one decision: grant (complete when the tally is) or reject (at once). */
export async function decideByIdentity(
  deps: Pick<ApprovalGateDeps, 'store' | 'callbacks' | 'clock'>,
  request: IdentityDecision,
): Promise<GateOutcome> {
  const { deploymentId, role } = request;
  // Reads only, until every check has passed.
  const record = gateRecordFrom(await deps.store.listAudit(deploymentId));
  const taskToken = await deps.store.getCallback(deploymentId, 'approval');
  if (!taskToken || record.requirements === null || record.completed || record.rejection) {
    return refused('not-waiting', `deployment ${deploymentId} is not waiting for an approval`);
  }
  // Recorded as given (an IAM ARN has upper case), compared case-insensitively like the tally.
  const approver = request.approver.trim();
  const who = { deploymentId, role, approver };
  const problem = grantRefusal(record.requirements, record.grants, role, approver, request.decision);
  if (problem) return refused(problem.reason, problem.detail);
  if (request.decision === 'reject') {
    const reason = request.reason?.trim() || `rejected via ${request.via} (no reason given)`;
    return reject(deps, who, taskToken, request.via, reason);
  }
  return grant(deps, who, taskToken, request.via);
}

/**
 * How `greenlight approve` and `greenlight reject` reach the approval gate: they POST the
 * decision to the approval API, which counts it like any other (N distinct approvers per role)
 * and records who decided. The API takes the approver from the request's authentication, never
 * from the body: on AWS a SigV4 signature (Lambda verifies it and passes the caller's IAM ARN);
 * locally, where there is no IAM, the operator named in a header (see approval-api-server).
 */
import { ServiceUnavailableError } from '../errors.ts';
import { localApprovalsPath } from './local-api-contract.ts';
import { OperatorStateError } from './operator-errors.ts';

/** One decision for the gate. The decider is not part of it: the authentication says who. */
export interface GateDecision {
  readonly deploymentId: string;
  readonly decision: 'approve' | 'reject';
  /** The role decided as; one the gate requires. */
  readonly role: string;
  readonly reason: string;
  /** `after-the-fact`: the approvals a release owes once it went out; the waiting gate otherwise. */
  readonly step?: 'approval' | 'after-the-fact';
}

/** What the gate did: counted and still waiting, completed the task, or rejected it. */
export interface GateAnswer {
  readonly status: 'recorded' | 'approved' | 'rejected';
  /** Who the gate recorded (the IAM ARN on AWS). */
  readonly by: string;
  readonly detail: string;
}

/** Sends one decision. @throws OperatorStateError when the gate refuses it (nothing changed). */
export type ApprovalGateClient = (decision: GateDecision) => Promise<GateAnswer>;

export interface OutgoingRequest {
  readonly method: 'POST';
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Returns the request's headers plus whatever proves who is calling. */
export type Authenticate = (request: OutgoingRequest) => Promise<Record<string, string>>;

/** Why an answer was refused, in the API's words (our handler says `error`, Lambda's own 403 says `Message`). */
function refusalReason(status: number, body: Record<string, unknown>, iamHint: string): string {
  if (typeof body.error === 'string') return body.error;
  const message =
    typeof body.Message === 'string' ? body.Message : typeof body.message === 'string' ? body.message : null;
  if (status === 403) return `${message ?? 'forbidden'}: ${iamHint}`;
  return message ?? 'no reason given';
}

/**
 * Reads the API's answer. Pure.
 * @throws OperatorStateError with the API's reason when it refused the decision.
 */
export function readGateAnswer(
  decision: GateDecision,
  status: number,
  body: Record<string, unknown>,
  iamHint = 'the request was not accepted as signed by an identity allowed to decide',
): GateAnswer {
  const what = `the ${decision.decision === 'approve' ? 'approval' : 'rejection'} of ${decision.deploymentId}`;
  if (status < 200 || status > 299) {
    throw new OperatorStateError(
      `${what} was refused (HTTP ${status}): ${refusalReason(status, body, iamHint)}`,
    );
  }
  const answer = body.status;
  if (answer !== 'recorded' && answer !== 'approved' && answer !== 'rejected') {
    throw new OperatorStateError(`${what}: unexpected answer from the approval API: ${JSON.stringify(body)}`);
  }
  return {
    status: answer,
    by: typeof body.by === 'string' ? body.by : '?',
    detail: typeof body.detail === 'string' ? body.detail : '',
  };
}

export interface ApprovalApiOptions {
  /** The API's base URL; decisions go to `<base>/approvals`. */
  readonly baseUrl: string;
  readonly authenticate: Authenticate;
  /** Added to a 403 that did not come from the gate (IAM refused the signature or the caller). */
  readonly iamHint?: string;
}

/** Calls the approval API (the AWS function URL or greenlight serve's local stand-in). */
export function approvalApiGate(options: ApprovalApiOptions): ApprovalGateClient {
  // The function URL answers on any path; the local stand-in only on /approvals.
  const url = new URL(localApprovalsPath, options.baseUrl);
  return async (decision) => {
    const body = JSON.stringify(decision);
    const headers = await options.authenticate({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json' },
      body,
    });
    let response: Response;
    try {
      response = await fetch(url, { method: 'POST', headers, body });
    } catch (error) {
      const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
      throw new ServiceUnavailableError(
        `could not reach the approval API at ${url.origin} (${cause}); check --approval-url / GREENLIGHT_APPROVAL_URL. Nothing was changed.`,
        { cause: error },
      );
    }
    const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    return readGateAnswer(decision, response.status, answer, options.iamHint);
  };
}

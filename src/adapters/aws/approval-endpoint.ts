import type { APIGatewayProxyEventV2WithIAMAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod';
import { type AfterTheFactOutcome, decideAfterTheFact } from '../../approvals/after-the-fact.ts';
import type { GateOutcome } from '../../approvals/approval-gate.ts';
import { decideByIdentity } from '../../approvals/identity-decision.ts';
import type { Ports } from '../../ports/index.ts';

/**
 * The approval endpoint: a Lambda function URL with AWS_IAM auth. An operator (the
 * `greenlight approve` CLI, `awscurl`, or any SigV4 client) POSTs a decision as a role the gate
 * requires; the caller's verified IAM identity is recorded as the approver. It goes through the
 * same gate as the signed links: the waiting `AwaitApproval` task succeeds only once every
 * requirement has its distinct approvers, and a rejection fails it at once. Who may call it is
 * decided by IAM (`Greenlight.grantApprove`).
 */
export const approvalDecisionSchema = z
  .object({
    deploymentId: z.string().regex(/^[A-Za-z0-9_-]{1,80}$/, 'expected the deployment id'),
    decision: z.enum(['approve', 'reject']),
    /** The role decided as, one the gate requires (e.g. `cab`, `manager`). */
    role: z.string().min(1).max(64),
    reason: z.string().max(2000).default(''),
    /** The approval gate a running deployment waits at, or the approvals a release owes after the fact. */
    step: z.enum(['approval', 'after-the-fact']).default('approval'),
  })
  .strict();

type Result = APIGatewayProxyStructuredResultV2;
const reply = (statusCode: number, body: Record<string, unknown>): Result => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** HTTP status per refusal: 404 nothing waits, 403 role not required, 409 already counted. */
const refusalStatus: Record<string, number> = {
  'not-waiting': 404,
  'wrong-role': 403,
  'already-counted': 409,
  'not-due': 404,
  closed: 409,
};

/** The JSON answer to a decision the gate took (or refused), at the waiting gate or after the fact. */
function answer(deploymentId: string, by: string, outcome: GateOutcome | AfterTheFactOutcome): Result {
  switch (outcome.status) {
    case 'refused':
      return reply(refusalStatus[outcome.reason] ?? 400, {
        error: `${outcome.detail} (nothing was changed)`,
        reason: outcome.reason,
      });
    case 'recorded':
      return reply(202, {
        deploymentId,
        status: outcome.status,
        by,
        detail: outcome.detail,
        missing: outcome.tally.missing,
      });
    case 'approved':
    case 'rejected':
      if ('delivered' in outcome && outcome.delivered === false) {
        return reply(409, {
          error: `the approval of ${deploymentId} is no longer waiting (it timed out); the decision was recorded but changed nothing`,
        });
      }
      return reply(200, { deploymentId, status: outcome.status, by, detail: outcome.detail });
  }
}

/** Builds the function URL handler over the given ports (AWS in production, fakes in tests). */
export function approvalEndpoint(ports: Pick<Ports, 'store' | 'callbacks' | 'clock'>) {
  return async (event: APIGatewayProxyEventV2WithIAMAuthorizer): Promise<Result> => {
    if (event.requestContext.http.method !== 'POST') return reply(405, { error: 'use POST' });
    const approver = event.requestContext.authorizer?.iam?.userArn;
    if (!approver) return reply(403, { error: 'the caller has no IAM identity; call the URL with SigV4' });
    let body: unknown;
    try {
      const text = event.isBase64Encoded
        ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
        : event.body;
      body = JSON.parse(text ?? '');
    } catch {
      return reply(400, {
        error:
          'the body must be JSON: {"deploymentId": "...", "decision": "approve" | "reject", "role": "cab"}',
      });
    }
    const parsed = approvalDecisionSchema.safeParse(body);
    if (!parsed.success) {
      return reply(400, {
        error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      });
    }
    const { deploymentId, decision, role, reason, step } = parsed.data;
    const asked = { deploymentId, decision, role, approver, reason, via: 'iam-endpoint' } as const;
    const outcome =
      step === 'after-the-fact'
        ? await decideAfterTheFact(ports, asked)
        : await decideByIdentity(ports, asked);
    return answer(deploymentId, approver, outcome);
  };
}

import type { APIGatewayProxyEventV2WithIAMAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { z } from 'zod';
import type { Ports } from '../../ports/index.ts';

/**
 * The approval endpoint: a Lambda function URL with AWS_IAM auth. An operator (the
 * `greenlight approve` CLI, `awscurl`, or any SigV4 client) POSTs a decision; the endpoint
 * completes the waiting `AwaitApproval` task and records who decided, from the caller's
 * verified IAM identity. Who may call it is decided by IAM (`Greenlight.grantApprove`).
 */
export const approvalDecisionSchema = z
  .object({
    deploymentId: z.string().regex(/^[A-Za-z0-9_-]{1,80}$/, 'expected the deployment id'),
    decision: z.enum(['approve', 'reject']),
    /** The approver's role as the policy names it (e.g. `cab`, `manager`), for the audit. */
    role: z.string().min(1).max(64).optional(),
    reason: z.string().max(2000).default(''),
  })
  .strict();

type Result = APIGatewayProxyStructuredResultV2;
const reply = (statusCode: number, body: Record<string, unknown>): Result => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

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
        error: 'the body must be JSON: {"deploymentId": "...", "decision": "approve" | "reject"}',
      });
    }
    const parsed = approvalDecisionSchema.safeParse(body);
    if (!parsed.success) {
      return reply(400, {
        error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      });
    }
    const { deploymentId, decision, role, reason } = parsed.data;
    const token = await ports.store.getCallback(deploymentId, 'approval');
    if (!token) return reply(404, { error: `deployment ${deploymentId} is not waiting for an approval` });

    const outcome =
      decision === 'approve'
        ? await ports.callbacks.succeed(token, { approvedBy: approver, role: role ?? null, reason })
        : await ports.callbacks.fail(
            token,
            'ApprovalRejectedError',
            `rejected by ${approver}${role ? ` (${role})` : ''}${reason ? `: ${reason}` : ''}`,
          );
    await ports.store.appendAudit(deploymentId, {
      atMs: ports.clock.nowMs(),
      type: decision === 'approve' ? 'approval.granted' : 'approval.rejected',
      detail: { by: approver, role: role ?? null, reason, delivered: outcome === 'delivered' },
    });
    if (outcome === 'expired') {
      return reply(409, {
        error: `the approval of ${deploymentId} is no longer waiting (it timed out or was decided)`,
      });
    }
    await ports.store.clearCallback(deploymentId, 'approval');
    return reply(200, { deploymentId, decision, by: approver });
  };
}

import type { APIGatewayProxyEventV2WithIAMAuthorizer } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { approvalEndpoint } from '../../../src/adapters/aws/approval-endpoint.ts';
import type { AuditEvent, CallbackOutcome, Ports } from '../../../src/ports/index.ts';

const approver = 'arn:aws:sts::123456789012:assumed-role/Approvers/ana';

function fakePorts(options: { token?: string; outcome?: CallbackOutcome } = {}) {
  const calls: { sent: unknown[]; audit: AuditEvent[]; cleared: string[] } = {
    sent: [],
    audit: [],
    cleared: [],
  };
  const ports = {
    clock: { nowMs: () => 1_000 },
    store: {
      getCallback: async () => (options.token === undefined ? 'token-1' : options.token || null),
      appendAudit: async (_id: string, event: AuditEvent) => void calls.audit.push(event),
      clearCallback: async (id: string) => void calls.cleared.push(id),
    },
    callbacks: {
      succeed: async (token: string, output: unknown) => {
        calls.sent.push(['succeed', token, output]);
        return options.outcome ?? 'delivered';
      },
      fail: async (token: string, error: string, cause: string) => {
        calls.sent.push(['fail', token, error, cause]);
        return options.outcome ?? 'delivered';
      },
    },
  } as unknown as Pick<Ports, 'store' | 'callbacks' | 'clock'>;
  return { ports, calls };
}

const event = (body: unknown, method = 'POST', userArn: string | null = approver) =>
  ({
    body: JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: { http: { method }, authorizer: userArn ? { iam: { userArn } } : undefined },
  }) as unknown as APIGatewayProxyEventV2WithIAMAuthorizer;

describe('Function: approvalEndpoint', () => {
  it('approves with the caller’s IAM identity and records it', async () => {
    // Prepare
    const { ports, calls } = fakePorts();
    // Act
    const result = await approvalEndpoint(ports)(
      event({ deploymentId: 'd-1', decision: 'approve', role: 'manager' }),
    );
    // Assess
    expect(result.statusCode).toBe(200);
    expect(calls.sent).toEqual([
      ['succeed', 'token-1', { approvedBy: approver, role: 'manager', reason: '' }],
    ]);
    expect(calls.audit[0]).toMatchObject({
      type: 'approval.granted',
      detail: { by: approver, delivered: true },
    });
    expect(calls.cleared).toEqual(['d-1']);
  });

  it('rejects with ApprovalRejectedError and the reason', async () => {
    // Prepare
    const { ports, calls } = fakePorts();
    // Act
    await approvalEndpoint(ports)(
      event({ deploymentId: 'd-1', decision: 'reject', reason: 'not in window' }),
    );
    // Assess
    expect(calls.sent).toEqual([
      ['fail', 'token-1', 'ApprovalRejectedError', `rejected by ${approver}: not in window`],
    ]);
  });

  it.each([
    ['a GET', event({}, 'GET'), 405],
    ['no IAM identity', event({ deploymentId: 'd-1', decision: 'approve' }, 'POST', null), 403],
    ['a bad decision', event({ deploymentId: 'd-1', decision: 'maybe' }), 400],
  ])('refuses %s', async (_label, request, status) => {
    const { ports, calls } = fakePorts();
    expect((await approvalEndpoint(ports)(request)).statusCode).toBe(status);
    expect(calls.sent).toEqual([]);
  });

  it('answers 404 when nothing waits for an approval', async () => {
    const { ports } = fakePorts({ token: '' });
    expect(
      (await approvalEndpoint(ports)(event({ deploymentId: 'd-1', decision: 'approve' }))).statusCode,
    ).toBe(404);
  });

  it('answers 409 when the approval already timed out', async () => {
    // Prepare
    const { ports, calls } = fakePorts({ outcome: 'expired' });
    // Act
    const result = await approvalEndpoint(ports)(event({ deploymentId: 'd-1', decision: 'approve' }));
    // Assess
    expect(result.statusCode).toBe(409);
    expect(calls.cleared).toEqual([]);
  });
});

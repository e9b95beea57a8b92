import type { APIGatewayProxyEventV2WithIAMAuthorizer } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { approvalEndpoint } from '../../../src/adapters/aws/approval-endpoint.ts';
import { MemoryStore } from '../../../src/adapters/memory/memory-store.ts';
import { approvalEvents } from '../../../src/approvals/gate-record.ts';
import type { CallbackOutcome } from '../../../src/ports/index.ts';
import type { ApprovalRequirement } from '../../../src/schema/config.ts';

const ana = 'arn:aws:sts::123456789012:assumed-role/Approvers/ana';
const bob = 'arn:aws:sts::123456789012:assumed-role/Approvers/bob';

/** A deployment waiting at AwaitApproval for `requirements`, over an in-memory store. */
async function waitingGate(
  requirements: ApprovalRequirement[] = [{ role: 'cab', count: 2 }],
  options: { waiting?: boolean; outcome?: CallbackOutcome } = {},
) {
  const store = new MemoryStore();
  if (options.waiting !== false) {
    await store.putCallback('d-1', 'approval', 'token-1');
    await store.appendAudit('d-1', { atMs: 500, type: approvalEvents.requested, detail: { requirements } });
  }
  const callbacks = {
    succeed: vi.fn(async () => options.outcome ?? ('delivered' as const)),
    fail: vi.fn(async () => options.outcome ?? ('delivered' as const)),
    heartbeat: vi.fn(async () => 'delivered' as const),
  };
  const endpoint = approvalEndpoint({ store, callbacks, clock: { nowMs: () => 1_000 } });
  const snapshot = () => JSON.stringify({ audits: [...store.audits], callbacks: [...store.callbacks] });
  return { store, callbacks, endpoint, snapshot };
}

const event = (body: unknown, userArn: string | null = ana, method = 'POST') =>
  ({
    body: JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: { http: { method }, authorizer: userArn ? { iam: { userArn } } : undefined },
  }) as unknown as APIGatewayProxyEventV2WithIAMAuthorizer;

const approve = (role = 'cab') => ({ deploymentId: 'd-1', decision: 'approve', role });

describe('Function: approvalEndpoint', () => {
  it('counts the caller’s IAM identity and completes the task only when the tally is complete', async () => {
    // Prepare
    const { store, callbacks, endpoint } = await waitingGate([{ role: 'cab', count: 2 }]);

    // Act
    const first = await endpoint(event(approve(), ana));
    const again = await endpoint(event(approve(), ana.toUpperCase()));
    const second = await endpoint(event(approve(), bob));

    // Assess
    expect(first.statusCode).toBe(202);
    expect(JSON.parse(String(first.body))).toMatchObject({
      status: 'recorded',
      missing: [{ role: 'cab', needed: 1 }],
    });
    expect(again.statusCode).toBe(409);
    expect(second.statusCode).toBe(200);
    expect(JSON.parse(String(second.body))).toMatchObject({ status: 'approved' });
    expect(callbacks.succeed).toHaveBeenCalledTimes(1);
    expect(callbacks.succeed).toHaveBeenCalledWith('token-1', {
      approved: true,
      approvedBy: [
        { by: ana, role: 'cab', at: new Date(1_000).toISOString() },
        { by: bob, role: 'cab', at: new Date(1_000).toISOString() },
      ],
    });
    const grants = (await store.listAudit('d-1')).filter((e) => e.type === approvalEvents.granted);
    expect(grants.map((g) => g.detail)).toEqual([
      { by: ana, role: 'cab', via: 'iam-endpoint' },
      { by: bob, role: 'cab', via: 'iam-endpoint' },
    ]);
    expect(await store.getCallback('d-1', 'approval')).toBeNull();
  });

  it('takes the approver from the function URL’s IAM context, never from the body', async () => {
    // Prepare: the event as Lambda delivers a SigV4-signed function URL request (body base64).
    const { store, endpoint } = await waitingGate([{ role: 'cab', count: 2 }]);
    const body = { ...approve(), by: 'someone-else@example.com' };
    const signed = {
      version: '2.0',
      rawPath: '/approvals',
      headers: { 'content-type': 'application/json', authorization: 'AWS4-HMAC-SHA256 Credential=...' },
      body: Buffer.from(JSON.stringify({ deploymentId: 'd-1', decision: 'approve', role: 'cab' })).toString(
        'base64',
      ),
      isBase64Encoded: true,
      requestContext: {
        accountId: '123456789012',
        domainName: 'abc123.lambda-url.eu-west-1.on.aws',
        http: { method: 'POST', path: '/approvals' },
        authorizer: {
          iam: { accessKey: 'ASIAEXAMPLE', accountId: '123456789012', userArn: ana, userId: 'AROA:ana' },
        },
      },
    } as unknown as APIGatewayProxyEventV2WithIAMAuthorizer;

    // Act
    const result = await endpoint(signed);
    const smuggled = await endpoint(event(body, bob));

    // Assess
    expect(JSON.parse(String(result.body))).toMatchObject({ status: 'recorded', by: ana });
    expect(smuggled.statusCode).toBe(400); // an unknown field is refused, not believed
    const grants = (await store.listAudit('d-1')).filter((e) => e.type === approvalEvents.granted);
    expect(grants.map((g) => g.detail.by)).toEqual([ana]);
  });

  it('does not send SendTaskSuccess while an approval is missing', async () => {
    const { callbacks, endpoint } = await waitingGate([{ role: 'cab', count: 2 }]);
    await endpoint(event(approve(), ana));
    expect(callbacks.succeed).not.toHaveBeenCalled();
  });

  it('one approver completes a 1 × role gate at once', async () => {
    const { callbacks, endpoint } = await waitingGate([{ role: 'manager', count: 1 }]);
    expect((await endpoint(event(approve('manager')))).statusCode).toBe(200);
    expect(callbacks.succeed).toHaveBeenCalledTimes(1);
  });

  it('rejects at once with ApprovalRejectedError and the reason, even after an approval', async () => {
    // Prepare
    const { callbacks, endpoint } = await waitingGate([{ role: 'cab', count: 2 }]);
    await endpoint(event(approve(), ana));

    // Act
    const result = await endpoint(
      event({ deploymentId: 'd-1', decision: 'reject', role: 'cab', reason: 'not in window' }, bob),
    );

    // Assess
    expect(result.statusCode).toBe(200);
    expect(callbacks.fail).toHaveBeenCalledWith(
      'token-1',
      'ApprovalRejectedError',
      `rejected by ${bob} (cab): not in window`,
    );
    expect(callbacks.succeed).not.toHaveBeenCalled();
  });

  it.each([
    ['a GET', event({}, ana, 'GET'), 405],
    ['no IAM identity', event(approve(), null), 403],
    ['a bad decision', event({ deploymentId: 'd-1', decision: 'maybe', role: 'cab' }), 400],
    ['no role', event({ deploymentId: 'd-1', decision: 'approve' }), 400],
    ['a role the gate does not require', event(approve('security')), 403],
    [
      'a reject in a role the gate does not require',
      event({ deploymentId: 'd-1', decision: 'reject', role: 'dev' }),
      403,
    ],
  ])('refuses %s and changes nothing', async (_label, request, status) => {
    // Prepare
    const { callbacks, endpoint, snapshot } = await waitingGate();
    const before = snapshot();
    // Act
    const result = await endpoint(request);
    // Assess
    expect(result.statusCode).toBe(status);
    expect(snapshot()).toBe(before);
    expect(callbacks.succeed).not.toHaveBeenCalled();
    expect(callbacks.fail).not.toHaveBeenCalled();
  });

  it('refuses a role that already has all its approvers and changes nothing', async () => {
    // Prepare
    const { callbacks, endpoint, snapshot } = await waitingGate([
      { role: 'cab', count: 1 },
      { role: 'security', count: 1 },
    ]);
    await endpoint(event(approve('cab'), ana));
    const before = snapshot();
    // Act
    const result = await endpoint(event(approve('cab'), bob));
    // Assess
    expect(result.statusCode).toBe(409);
    expect(JSON.parse(String(result.body)).error).toContain('role cab already has all its approvers');
    expect(snapshot()).toBe(before);
    expect(callbacks.succeed).not.toHaveBeenCalled();
  });

  it('answers 404 when nothing waits for an approval', async () => {
    const { callbacks, endpoint } = await waitingGate(undefined, { waiting: false });
    expect((await endpoint(event(approve()))).statusCode).toBe(404);
    expect(callbacks.succeed).not.toHaveBeenCalled();
  });

  it('answers 409 when the approval already timed out', async () => {
    // Prepare
    const { endpoint } = await waitingGate([{ role: 'cab', count: 1 }], { outcome: 'expired' });
    // Act
    const result = await endpoint(event(approve()));
    // Assess
    expect(result.statusCode).toBe(409);
    expect(JSON.parse(String(result.body)).error).toContain('no longer waiting');
  });
});

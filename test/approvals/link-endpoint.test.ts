import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { bindApprovalLinkEndpoint } from '../../functions/approval-endpoint/handler.ts';
import { MemoryStore } from '../../src/adapters/memory/memory-store.ts';
import { type ApprovalLinkClaims, signApprovalLink } from '../../src/approvals/approval-link.ts';
import { approvalEvents } from '../../src/approvals/gate-record.ts';
import type { ApprovalRequirement } from '../../src/schema/config.ts';

const keyText = 'k'.repeat(48);
const key = Buffer.from(keyText);
const nowMs = Date.parse('2025-03-06T22:00:00Z');

/** A deployment waiting at AwaitApproval, with spies on every way the world could change. */
async function waitingGate(requirements: ApprovalRequirement[] = [{ role: 'cab', count: 1 }]) {
  const store = new MemoryStore();
  await store.putCallback('deploy-1', 'approval', 'token-1');
  await store.appendAudit('deploy-1', {
    atMs: nowMs - 1000,
    type: approvalEvents.requested,
    detail: { requirements },
  });
  const callbacks = {
    succeed: vi.fn(async () => 'delivered' as const),
    fail: vi.fn(async () => 'delivered' as const),
    heartbeat: vi.fn(async () => 'delivered' as const),
  };
  const clock = { nowMs: () => nowMs };
  const endpoint = bindApprovalLinkEndpoint(
    { store, callbacks, clock },
    { GREENLIGHT_APPROVAL_KEY: keyText },
  );
  const snapshot = () =>
    JSON.stringify({
      audits: [...store.audits],
      locks: [...store.locks],
      callbacks: [...store.callbacks],
    });
  return { store, callbacks, endpoint, snapshot };
}

let nonces = 0;
const link = (patch: Partial<ApprovalLinkClaims> = {}, signingKey: Uint8Array = key): string =>
  signApprovalLink(
    {
      deploymentId: 'deploy-1',
      step: 'approval',
      role: 'cab',
      approver: 'ana@example.com',
      decision: 'approve',
      expiresAtMs: nowMs + 3_600_000,
      nonce: `nonce-${++nonces}`,
      ...patch,
    },
    signingKey,
  );

const post = (token: string, reason = '') =>
  ({
    requestContext: { http: { method: 'POST' } },
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, reason }).toString(),
    isBase64Encoded: false,
  }) as unknown as APIGatewayProxyEventV2;

const get = (token: string) =>
  ({
    requestContext: { http: { method: 'GET' } },
    queryStringParameters: { token },
  }) as unknown as APIGatewayProxyEventV2;

function tamper(token: string): string {
  const [v, body, tag, sig] = token.split('.');
  const claims = JSON.parse(Buffer.from(body ?? '', 'base64url').toString());
  const edited = Buffer.from(
    JSON.stringify({ ...claims, decision: 'approve', approver: 'mallory@example.com' }),
  );
  return [v, edited.toString('base64url'), tag, sig].join('.');
}

describe('Function: approvalLinkEndpoint (security)', () => {
  it.each([
    ['a forged link', () => link({}, Buffer.from('z'.repeat(48))), 403, 'forged'],
    ['a tampered link', () => tamper(link({ decision: 'reject' })), 403, 'tampered'],
    ['an expired link', () => link({ expiresAtMs: nowMs - 1 }), 410, 'expired'],
    ['a link for the wrong role', () => link({ role: 'intern' }), 403, 'wrong-role'],
    ['a link for another deployment', () => link({ deploymentId: 'deploy-9' }), 409, 'not-waiting'],
  ])('refuses %s and changes nothing', async (_label, makeToken, status, reason) => {
    // Prepare
    const { callbacks, endpoint, snapshot } = await waitingGate();
    const before = snapshot();
    // Act
    const result = await endpoint(post(makeToken()));
    // Assess
    expect(result.statusCode).toBe(status);
    expect(result.body).toContain(`Refused: ${reason}`);
    expect(callbacks.succeed).not.toHaveBeenCalled();
    expect(callbacks.fail).not.toHaveBeenCalled();
    expect(snapshot()).toBe(before);
  });

  it('refuses a replayed link and changes nothing the second time', async () => {
    // Prepare
    const { callbacks, endpoint, snapshot } = await waitingGate([{ role: 'cab', count: 2 }]);
    const token = link();
    expect((await endpoint(post(token))).statusCode).toBe(200);
    const afterFirst = snapshot();
    // Act
    const replay = await endpoint(post(token));
    // Assess
    expect(replay.statusCode).toBe(409);
    expect(replay.body).toContain('Refused: replayed');
    expect(snapshot()).toBe(afterFirst);
    expect(callbacks.succeed).not.toHaveBeenCalled();
  });

  it('only reads on GET, so a mail scanner pre-fetching the link spends nothing', async () => {
    const { callbacks, endpoint, snapshot } = await waitingGate();
    const before = snapshot();
    const token = link();
    const preview = await endpoint(get(token));
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('method="post"');
    expect(snapshot()).toBe(before);
    expect(callbacks.succeed).not.toHaveBeenCalled();
    expect((await endpoint(post(token))).statusCode).toBe(200);
  });
});

describe('Function: approvalLinkEndpoint (multi-level approvals)', () => {
  it('needs N distinct approvers: the same person twice does not count', async () => {
    // Prepare: seed 002-style gate, 2 × cab and 1 × security.
    const { store, callbacks, endpoint } = await waitingGate([
      { role: 'cab', count: 2 },
      { role: 'security', count: 1 },
    ]);
    // Act + Assess
    expect((await endpoint(post(link({ approver: 'ana@example.com' })))).body).toContain('Approval recorded');
    const again = await endpoint(post(link({ approver: 'ANA@example.com' })));
    expect(again.body).toContain('Refused: already-counted');
    expect((await endpoint(post(link({ approver: 'sam@example.com', role: 'security' })))).statusCode).toBe(
      200,
    );
    expect(callbacks.succeed).not.toHaveBeenCalled();
    expect((await endpoint(post(link({ approver: 'bob@example.com' })))).body).toContain('Approved');
    expect(callbacks.succeed).toHaveBeenCalledTimes(1);
    expect(callbacks.succeed).toHaveBeenCalledWith('token-1', {
      approved: true,
      approvedBy: [
        { by: 'ana@example.com', role: 'cab', at: '2025-03-06T22:00:00.000Z' },
        { by: 'bob@example.com', role: 'cab', at: '2025-03-06T22:00:00.000Z' },
        { by: 'sam@example.com', role: 'security', at: '2025-03-06T22:00:00.000Z' },
      ],
    });
    expect(await store.getCallback('deploy-1', 'approval')).toBeNull();
    const types = (await store.listAudit('deploy-1')).map((e) => e.type);
    expect(types.filter((t) => t === approvalEvents.granted)).toHaveLength(3);
    expect(types.at(-1)).toBe(approvalEvents.completed);
  });

  it('fails the task with ApprovalRejectedError naming who and why on one rejection', async () => {
    const { store, callbacks, endpoint } = await waitingGate([{ role: 'cab', count: 2 }]);
    await endpoint(post(link({ approver: 'ana@example.com' })));
    const result = await endpoint(
      post(link({ approver: 'bob@example.com', decision: 'reject' }), 'not in window'),
    );
    expect(result.body).toContain('Rejected');
    expect(callbacks.fail).toHaveBeenCalledWith(
      'token-1',
      'ApprovalRejectedError',
      'rejected by bob@example.com (cab): not in window',
    );
    expect(callbacks.succeed).not.toHaveBeenCalled();
    expect((await store.listAudit('deploy-1')).at(-1)).toMatchObject({
      type: approvalEvents.rejected,
      detail: { by: 'bob@example.com', reason: 'not in window' },
    });
  });
});

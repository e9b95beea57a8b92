import { describe, expect, it } from 'vitest';
import {
  type ApprovalLinkClaims,
  signApprovalLink,
  verifyApprovalLink,
} from '../../src/approvals/approval-link.ts';

const key = Buffer.from('k'.repeat(48));
const oldKey = Buffer.from('o'.repeat(48));
const otherKey = Buffer.from('x'.repeat(48));
const nowMs = Date.parse('2025-03-06T22:00:00Z');
const claims: ApprovalLinkClaims = {
  deploymentId: 'deploy-1',
  step: 'approval',
  role: 'cab',
  approver: 'ana@example.com',
  decision: 'approve',
  expiresAtMs: nowMs + 3_600_000,
  nonce: 'n-1',
};

/** Re-encodes the claims part of a token, keeping its MACs: what an attacker editing a link does. */
function editClaims(token: string, patch: Partial<ApprovalLinkClaims>): string {
  const [version, body, tag, signature] = token.split('.');
  const edited = { ...JSON.parse(Buffer.from(body ?? '', 'base64url').toString()), ...patch };
  return [version, Buffer.from(JSON.stringify(edited)).toString('base64url'), tag, signature].join('.');
}

describe('Function: verifyApprovalLink', () => {
  it('accepts a genuine link and returns its claims', () => {
    const verdict = verifyApprovalLink(signApprovalLink(claims, key), { keys: { current: key }, nowMs });
    expect(verdict).toEqual({ valid: true, claims, keyUsed: 'current' });
  });

  it.each([
    ['garbage', 'not-a-token'],
    ['a token signed with another key', signApprovalLink(claims, otherKey)],
    ['an edited nonce (no genuine nonce tag)', editClaims(signApprovalLink(claims, key), { nonce: 'n-2' })],
  ])('refuses %s as forged', (_label, token) => {
    const verdict = verifyApprovalLink(token, { keys: { current: key }, nowMs });
    expect(verdict).toMatchObject({ valid: false, reason: 'forged' });
  });

  it.each([
    ['decision', { decision: 'reject' as const }],
    ['approver', { approver: 'mallory@example.com' }],
    ['role', { role: 'executive' }],
    ['deployment', { deploymentId: 'deploy-2' }],
    ['expiry', { expiresAtMs: nowMs + 86_400_000 * 30 }],
  ])('refuses a link whose %s was changed as tampered', (_label, patch) => {
    const token = editClaims(signApprovalLink({ ...claims, decision: 'approve' }, key), patch);
    const verdict = verifyApprovalLink(token, { keys: { current: key }, nowMs });
    expect(verdict).toMatchObject({ valid: false, reason: 'tampered' });
  });

  it('refuses an expired link, naming when it expired', () => {
    const verdict = verifyApprovalLink(signApprovalLink(claims, key), {
      keys: { current: key },
      nowMs: claims.expiresAtMs,
    });
    expect(verdict).toMatchObject({ valid: false, reason: 'expired' });
    expect(verdict.valid ? '' : verdict.detail).toContain('2025-03-06T23:00:00.000Z');
  });

  it('refuses a link whose nonce was already used as replayed', () => {
    const verdict = verifyApprovalLink(signApprovalLink(claims, key), {
      keys: { current: key },
      nowMs,
      usedNonces: new Set(['n-1']),
    });
    expect(verdict).toMatchObject({ valid: false, reason: 'replayed' });
  });

  it('refuses a link for a role the step does not wait for', () => {
    const verdict = verifyApprovalLink(signApprovalLink({ ...claims, role: 'intern' }, key), {
      keys: { current: key },
      nowMs,
      requiredRoles: ['cab', 'security'],
    });
    expect(verdict).toMatchObject({ valid: false, reason: 'wrong-role' });
  });

  it('accepts a link signed with the previous key during a rotation, and only then', () => {
    const token = signApprovalLink(claims, oldKey);
    expect(verifyApprovalLink(token, { keys: { current: key, previous: oldKey }, nowMs })).toMatchObject({
      valid: true,
      keyUsed: 'previous',
    });
    expect(verifyApprovalLink(token, { keys: { current: key }, nowMs })).toMatchObject({ reason: 'forged' });
  });

  it('treats approver identities case-insensitively', () => {
    const token = signApprovalLink({ ...claims, approver: 'Ana@Example.com' }, key);
    const verdict = verifyApprovalLink(token, { keys: { current: key }, nowMs });
    expect(verdict).toMatchObject({ valid: true, claims: { approver: 'ana@example.com' } });
  });
});

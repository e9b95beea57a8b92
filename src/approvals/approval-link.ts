/**
 * Signed approval links: what an approve/reject link in an approval email carries, and the
 * pure check that decides whether a click may count.
 *
 * A token is `v1.<claims>.<nonceTag>.<signature>` (each part base64url):
 * - `claims`: the canonical JSON of {@link ApprovalLinkClaims} (fixed key order);
 * - `nonceTag`: HMAC-SHA256(key, `nonce:<nonce>`), which only a genuine link can carry;
 * - `signature`: HMAC-SHA256(key, `v1.<claims>`), over every claim.
 *
 * Two MACs let the verdict tell a *forged* token (made up: no genuine nonce tag) from a
 * *tampered* one (a genuine link whose claims were edited, e.g. `reject` → `approve`).
 * Either way the link is refused; the distinction only sharpens the audit record.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const approvalLinkVersion = 'v1';
export const approvalDecisions = ['approve', 'reject'] as const;
export type ApprovalDecision = (typeof approvalDecisions)[number];
/** The callback steps a link may end. */
export const approvalSteps = ['approval', 'bake', 'standby'] as const;
export type ApprovalStep = (typeof approvalSteps)[number];

/** What a link is bound to. Every field is signed. */
export interface ApprovalLinkClaims {
  /** The deployment id (the execution name), or the execution ARN. */
  readonly deploymentId: string;
  readonly step: ApprovalStep;
  /** The role the approver approves as, e.g. `cab`, `security`. */
  readonly role: string;
  /** The approver this link was sent to (an email address, lower case). */
  readonly approver: string;
  readonly decision: ApprovalDecision;
  /** Epoch milliseconds after which the link is refused. */
  readonly expiresAtMs: number;
  /** Random, single use: a second click with the same nonce is a replay. */
  readonly nonce: string;
}

/** The signing keys: `current` signs; `previous` (during a rotation) still verifies. */
export interface LinkKeys {
  readonly current: Uint8Array;
  readonly previous?: Uint8Array;
}

export type LinkRefusalReason = 'forged' | 'tampered' | 'expired' | 'replayed' | 'wrong-role';

/** The verdict on a link, with a reason a human can read (it goes into the audit trail). */
export type LinkVerdict =
  | { readonly valid: true; readonly claims: ApprovalLinkClaims; readonly keyUsed: 'current' | 'previous' }
  | {
      readonly valid: false;
      readonly reason: LinkRefusalReason;
      readonly detail: string;
      /** The claims as written in the token, when they could be read (never trusted). */
      readonly claims?: ApprovalLinkClaims;
    };

export interface VerifyOptions {
  readonly keys: LinkKeys;
  readonly nowMs: number;
  /** Nonces already spent. The durable, race-free check is the ledger's conditional write. */
  readonly usedNonces?: { has(nonce: string): boolean };
  /** Roles the step waits for; when given, a link for any other role is refused. */
  readonly requiredRoles?: readonly string[];
}

/** Lower-cases and trims an email, so `Ana@Example.com ` and `ana@example.com` are one approver. */
export const normaliseIdentity = (identity: string): string => identity.trim().toLowerCase();

/** A fresh 128-bit nonce, base64url. */
export const newNonce = (): string => randomBytes(16).toString('base64url');

/** The claims as canonical JSON: fixed key order, so equal claims always sign the same bytes. */
export function canonicalClaims(claims: ApprovalLinkClaims): string {
  return JSON.stringify({
    deploymentId: claims.deploymentId,
    step: claims.step,
    role: claims.role,
    approver: normaliseIdentity(claims.approver),
    decision: claims.decision,
    expiresAtMs: claims.expiresAtMs,
    nonce: claims.nonce,
  });
}

const mac = (key: Uint8Array, text: string): Buffer => createHmac('sha256', key).update(text).digest();

/** Signs the claims into a URL-safe token. */
export function signApprovalLink(claims: ApprovalLinkClaims, key: Uint8Array): string {
  const body = Buffer.from(canonicalClaims(claims)).toString('base64url');
  const nonceTag = mac(key, `nonce:${claims.nonce}`).toString('base64url');
  const signature = mac(key, `${approvalLinkVersion}.${body}`).toString('base64url');
  return `${approvalLinkVersion}.${body}.${nonceTag}.${signature}`;
}

/** Constant-time comparison of a received MAC with the expected one. */
function sameMac(received: string, expected: Buffer): boolean {
  const bytes = Buffer.from(received, 'base64url');
  return bytes.length === expected.length && timingSafeEqual(bytes, expected);
}

/**
 * Decides whether a link may count, in this order: forged → tampered → expired → replayed →
 * wrong role. Pure: it changes nothing, so a refused link leaves the world as it was.
 */
export function verifyApprovalLink(token: string, options: VerifyOptions): LinkVerdict {
  const parts = token.split('.');
  const [version, body, nonceTag, signature] = parts;
  if (parts.length !== 4 || version !== approvalLinkVersion || !body || !nonceTag || !signature) {
    return forged(`the token is not a ${approvalLinkVersion} approval link (expected 4 dot-separated parts)`);
  }
  const claims = decodeClaims(body);
  if (claims === null) return forged('the token’s claims are not readable');

  const keys: Array<['current' | 'previous', Uint8Array]> = [['current', options.keys.current]];
  if (options.keys.previous) keys.push(['previous', options.keys.previous]);
  const keyEntry = keys.find(([, key]) => sameMac(nonceTag, mac(key, `nonce:${claims.nonce}`)));
  if (!keyEntry) {
    return { ...forged('the link was not signed with a Greenlight approval key'), claims };
  }
  const [keyUsed, key] = keyEntry;
  if (!sameMac(signature, mac(key, `${approvalLinkVersion}.${body}`))) {
    return {
      valid: false,
      reason: 'tampered',
      detail: 'the link’s content was changed after it was signed',
      claims,
    };
  }
  if (options.nowMs >= claims.expiresAtMs) {
    return {
      valid: false,
      reason: 'expired',
      detail: `the link expired at ${new Date(claims.expiresAtMs).toISOString()}; ask for a new one or use greenlight ${claims.decision}`,
      claims,
    };
  }
  if (options.usedNonces?.has(claims.nonce)) {
    return {
      valid: false,
      reason: 'replayed',
      detail: 'the link was already used (links are single use)',
      claims,
    };
  }
  if (options.requiredRoles && !options.requiredRoles.includes(claims.role)) {
    const wanted = options.requiredRoles.join(', ') || 'none';
    return {
      valid: false,
      reason: 'wrong-role',
      detail: `the link is for role "${claims.role}", but ${claims.step} of ${claims.deploymentId} waits for: ${wanted}`,
      claims,
    };
  }
  return { valid: true, claims, keyUsed };
}

function forged(detail: string): LinkVerdict {
  return { valid: false, reason: 'forged', detail };
}

/** Reads the claims back; null unless every field has the right type. */
function decodeClaims(body: string): ApprovalLinkClaims | null {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const c = raw as Record<string, unknown>;
  const strings = ['deploymentId', 'role', 'approver', 'nonce'] as const;
  if (!strings.every((name) => typeof c[name] === 'string' && (c[name] as string).length > 0)) return null;
  if (!approvalSteps.includes(c.step as ApprovalStep)) return null;
  if (!approvalDecisions.includes(c.decision as ApprovalDecision)) return null;
  if (typeof c.expiresAtMs !== 'number' || !Number.isFinite(c.expiresAtMs)) return null;
  return {
    deploymentId: c.deploymentId as string,
    step: c.step as ApprovalStep,
    role: c.role as string,
    approver: c.approver as string,
    decision: c.decision as ApprovalDecision,
    expiresAtMs: c.expiresAtMs,
    nonce: c.nonce as string,
  };
}

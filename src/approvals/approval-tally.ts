/**
 * Multi-level approvals (seed 002: "Multi-level approval for production deployments"): who has
 * approved so far, what is still missing, and whether the gate may open. Pure.
 */
import type { ApprovalRequirement } from '../schema/config.ts';
import { normaliseIdentity } from './approval-link.ts';

/** One recorded approval: who, in which role, when. */
export interface ApprovalGrant {
  readonly by: string;
  readonly role: string;
  readonly atMs: number;
}

export interface ApprovalTally {
  /** True when every requirement has its `count` distinct approvers. */
  readonly complete: boolean;
  /** Per requirement: the approvers counted for it, in order. */
  readonly satisfied: ReadonlyArray<{ role: string; count: number; approvers: ApprovalGrant[] }>;
  /** Requirements still short, with how many more approvers they need. */
  readonly missing: ReadonlyArray<{ role: string; needed: number }>;
  /** Grants that did not count, each with why (same person again, role not required, role full). */
  readonly ignored: ReadonlyArray<ApprovalGrant & { why: string }>;
}

/**
 * Counts grants against the requirements, in the order they were given.
 *
 * Separation of duties: one person counts once for the whole gate. A second approval by the
 * same identity (in the same role or another one) is ignored, so `cab × 2` needs two
 * different people and `manager + ciso` cannot be signed by one person holding both roles.
 *
 * @example
 * tallyApprovals([{ role: 'cab', count: 2 }], [
 *   { by: 'ana@x', role: 'cab', atMs: 1 }, { by: 'ANA@x', role: 'cab', atMs: 2 }])
 * // → complete: false, missing: [{ role: 'cab', needed: 1 }], ignored: [ANA@x: "already counted"]
 */
export function tallyApprovals(
  requirements: readonly ApprovalRequirement[],
  grants: readonly ApprovalGrant[],
): ApprovalTally {
  const satisfied = requirements.map((r) => ({
    role: r.role,
    count: r.count,
    approvers: [] as ApprovalGrant[],
  }));
  const counted = new Set<string>();
  const ignored: Array<ApprovalGrant & { why: string }> = [];
  for (const grant of grants) {
    const who = normaliseIdentity(grant.by);
    if (counted.has(who)) {
      ignored.push({ ...grant, why: `${who} already counted: each approver counts once` });
      continue;
    }
    const slot = satisfied.find((s) => s.role === grant.role && s.approvers.length < s.count);
    if (!slot) {
      const required = satisfied.some((s) => s.role === grant.role);
      ignored.push({
        ...grant,
        why: required
          ? `role ${grant.role} already has all its approvers`
          : `role ${grant.role} is not required`,
      });
      continue;
    }
    slot.approvers.push(grant);
    counted.add(who);
  }
  const missing = satisfied
    .filter((s) => s.approvers.length < s.count)
    .map((s) => ({ role: s.role, needed: s.count - s.approvers.length }));
  return { complete: missing.length === 0, satisfied, missing, ignored };
}

/** `2 × cab, 1 × security`, or `none`. */
export function describeRequirements(requirements: readonly { role: string; count?: number }[]): string {
  return requirements.map((r) => `${r.count ?? 1} × ${r.role}`).join(', ') || 'none';
}

/** `cab: ana@x (2025-…); still needed: 1 × security`. */
export function describeTally(tally: ApprovalTally): string {
  const given = tally.satisfied
    .filter((s) => s.approvers.length > 0)
    .map(
      (s) =>
        `${s.role}: ${s.approvers.map((a) => `${a.by} at ${new Date(a.atMs).toISOString()}`).join(', ')}`,
    );
  const needed = tally.missing.map((m) => `${m.needed} × ${m.role}`);
  return [
    given.length > 0 ? `approved by ${given.join('; ')}` : 'no approvals yet',
    needed.length > 0 ? `still needed: ${needed.join(', ')}` : 'all approvals given',
  ].join('; ');
}

/**
 * Why a decision by `approver` as `role` may not count, or null when it may: the role must be
 * one the gate requires; an approval also needs the person not to have approved already, and
 * the role to still need approvers. A rejection needs only the role. One rule for the approval
 * gate and for approvals after the fact.
 */
export function grantRefusal(
  required: readonly ApprovalRequirement[],
  grants: readonly ApprovalGrant[],
  role: string,
  approver: string,
  decision: 'approve' | 'reject',
): { readonly reason: 'wrong-role' | 'already-counted'; readonly detail: string } | null {
  if (!required.some((r) => r.role === role)) {
    return {
      reason: 'wrong-role',
      detail: `role "${role}" is not one this gate requires (it needs ${describeRequirements(required)}); pass one of: ${required.map((r) => r.role).join(', ')}`,
    };
  }
  if (decision === 'reject') return null;
  if (grants.some((g) => normaliseIdentity(g.by) === normaliseIdentity(approver))) {
    return {
      reason: 'already-counted',
      detail: `${approver} has already approved; each approver counts once`,
    };
  }
  const tally = tallyApprovals(required, grants);
  if (!tally.missing.some((m) => m.role === role)) {
    return {
      reason: 'already-counted',
      detail: `role ${role} already has all its approvers; still needed: ${tally.missing.map((m) => `${m.needed} × ${m.role}`).join(', ')}`,
    };
  }
  return null;
}

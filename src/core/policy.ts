/**
 * The change policy, checked in Preflight before anything changes: the deployment window,
 * freezes, advance notice, the pre-deployment checklist, the promotion rule, and which approvals
 * the release type needs.
 */
import type { ApprovalRequirement, EnvironmentConfig } from '../schema/config.ts';
import type { DeploymentRequest } from '../schema/request.ts';
import { checkNotice } from './advance-notice.ts';
import { type ChecklistVerdict, checkChecklist } from './checklist.ts';
import { evaluateWindow, nextAllowedAt, openingHorizonDays, type WindowStatus } from './deployment-window.ts';
import { isoUtc } from './format.ts';
import { approvalsThroughFreezes, describeOccurrence, freezesAt } from './freezes.ts';

/** The parts of the environment config the policy reads. */
export type PolicyConfig = Pick<EnvironmentConfig, 'approvals' | 'windows' | 'promotion'> &
  Partial<Pick<EnvironmentConfig, 'notice' | 'checklist'>>;

export interface PolicyInput {
  readonly request: Pick<DeploymentRequest, 'service' | 'environment' | 'version' | 'releaseType'> &
    Partial<Pick<DeploymentRequest, 'announcedAt' | 'attestations'>>;
  readonly config: PolicyConfig;
  readonly nowMs: number;
  /**
   * Whether this version of the service succeeded in `promotion.requireSuccessIn`
   * (`Store.hasSucceeded`); null when it was not looked up (no promotion rule).
   */
  readonly succeededInPromotionSource: boolean | null;
}

export interface PolicyDecision {
  allowed: boolean;
  /**
   * When refused: every reason (window, freezes, promotion), each naming the values. When
   * allowed: what was checked and passed, for the audit log. Never empty.
   */
  reasons: string[];
  /** `approvals[releaseType]`, raised by the freezes in force; empty when the release type needs none. */
  approvals: ApprovalRequirement[];
  /** The checklist attestations that count, one per required item, for the audit trail. */
  attested: ChecklistVerdict['attested'];
  window: WindowStatus & {
    /**
     * Set when refused for timing (closed window or freeze): the earliest instant (ISO UTC)
     * at which the window is open and no freeze stops this release type.
     */
    nextOpensAt?: string;
  };
}

/**
 * Evaluates the change policy for a request at `nowMs`.
 *
 * - Window: `windows.byReleaseType[releaseType]` names a window in `windows.named`, or is
 *   `anytime` (also when missing). Recurring windows are in `windows.timeZone`.
 * - Freezes: a freeze in force (fixed, weekly or yearly) refuses every release type not in its
 *   `allow`, and adds its `approvals` to those of the release types it lets through.
 * - Notice: with `notice[releaseType]`, the request's `announcedAt` must be at least that long ago.
 * - Checklist: every `checklist` item of the release type attested in the request by its role.
 * - Promotion: with `promotion.requireSuccessIn`, the version must have succeeded there first;
 *   `false` refuses, and so does `null` (not looked up), because an unchecked rule is not a kept rule.
 * - Approvals: `approvals[releaseType] ?? []`, raised by the freezes in force; they never refuse
 *   here, the approval gates do.
 *
 * @throws ConfigError when the window name is undefined or the time zone is unknown.
 */
export function evaluatePolicy(input: PolicyInput): PolicyDecision {
  const { request, config, nowMs } = input;
  const { releaseType } = request;
  const refusals: string[] = [];
  const notes: string[] = [];

  const window: PolicyDecision['window'] = evaluateWindow(config.windows, releaseType, nowMs);
  (window.open ? notes : refusals).push(window.detail);

  const freezes = freezesAt(config.windows, releaseType, nowMs);
  for (const occurrence of freezes.denying) {
    const { allow } = occurrence.freeze;
    const allowedTypes = allow.length > 0 ? ` (it allows only ${allow.join(', ')})` : '';
    refusals.push(`${describeOccurrence(occurrence)} stops ${releaseType} releases${allowedTypes}`);
  }
  for (const occurrence of freezes.allowing) {
    const { approvals } = occurrence.freeze;
    const withApprovals =
      approvals.length > 0
        ? ` with approval from ${approvals.map((a) => `${a.count} × ${a.role}`).join(', ')}`
        : '';
    notes.push(
      `${describeOccurrence(occurrence)} is in force, but allows ${releaseType} releases${withApprovals}`,
    );
  }

  if (!window.open || freezes.denying.length > 0) {
    const next = nextAllowedAt(config.windows, releaseType, nowMs);
    if (next === null) {
      refusals.push(
        `no time in the next ${openingHorizonDays} days has the window open and no freeze stopping a ${releaseType} release`,
      );
    } else {
      window.nextOpensAt = isoUtc(next);
      refusals.push(`the next time a ${releaseType} release may deploy is ${window.nextOpensAt}`);
    }
  }

  const notice = checkNotice({
    releaseType,
    environment: request.environment,
    noticeSeconds: config.notice?.[releaseType],
    announcedAt: request.announcedAt,
    nowMs,
  });
  if (notice !== null) (notice.passed ? notes : refusals).push(notice.detail);

  const checklist = checkChecklist({
    checklist: config.checklist ?? [],
    releaseType,
    environment: request.environment,
    attestations: request.attestations ?? [],
  });
  if (checklist !== null) (checklist.passed ? notes : refusals).push(checklist.detail);

  const promotion = promotionCheck(input);
  if (promotion !== null) (promotion.passed ? notes : refusals).push(promotion.detail);

  const approvals = approvalsThroughFreezes(config.approvals[releaseType] ?? [], freezes.allowing);
  notes.push(
    approvals.length === 0
      ? `${releaseType} releases need no approvals`
      : `${releaseType} releases need approval from ${approvals.map((a) => `${a.count} × ${a.role}`).join(', ')}`,
  );

  const allowed = refusals.length === 0;
  return {
    allowed,
    reasons: allowed ? notes : refusals,
    approvals,
    window,
    attested: checklist?.attested ?? [],
  };
}

function promotionCheck(input: PolicyInput): { passed: boolean; detail: string } | null {
  const source = input.config.promotion?.requireSuccessIn;
  if (source === undefined) return null;
  const { service, version, environment } = input.request;
  const subject = `version ${version} of ${service}`;
  const rule = `${environment} only takes versions that succeeded in ${source} first (promotion.requireSuccessIn)`;
  switch (input.succeededInPromotionSource) {
    case true:
      return {
        passed: true,
        detail: `${subject} succeeded in ${source} first, as ${environment}'s promotion rule requires`,
      };
    case false:
      return {
        passed: false,
        detail: `${subject} has not succeeded in ${source}; ${rule}. Deploy it to ${source} first`,
      };
    default:
      return {
        passed: false,
        detail: `could not confirm that ${subject} succeeded in ${source} (not looked up); ${rule}`,
      };
  }
}

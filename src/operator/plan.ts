/**
 * `greenlight plan`: what the deploy workflow would do for a request, without doing any of
 * it: the steps, the approvals needed, the window decision (with the next opening when
 * closed), and an estimated duration. Pure: config and `now` are passed in.
 */

import { describeRequirements } from '../approvals/approval-tally.ts';
import { itemsFor } from '../core/checklist.ts';
import { deploymentCost } from '../core/cost-estimate.ts';
import { formatDuration } from '../core/format.ts';
import { evaluatePolicy } from '../core/policy.ts';
import type { ApprovalRequirement, EnvironmentConfig } from '../schema/config.ts';
import type { DeploymentRequest } from '../schema/request.ts';
import { defaultFunctionMemoryMb } from '../workflow/function-defaults.ts';

export interface DeploymentPlan {
  readonly request: Pick<DeploymentRequest, 'service' | 'environment' | 'version' | 'releaseType'> &
    Partial<Pick<DeploymentRequest, 'announcedAt' | 'attestations'>>;
  readonly at: string;
  /** True when the window and freezes allow the release now (the promotion rule is checked at run time). */
  readonly allowedNow: boolean;
  readonly window: { name: string; open: boolean; detail: string; nextOpensAt?: string };
  readonly reasons: string[];
  readonly approvals: ApprovalRequirement[];
  readonly promotion: string | null;
  readonly steps: string[];
  readonly estimate: { seconds: number; text: string; parts: Record<string, number> };
  /** What the deployment costs Greenlight to run (src/core/cost-estimate.ts), at AWS list prices. */
  readonly cost: { totalUsd: number; text: string };
}

/** Rough duration of a snapshot, which the config does not bound tightly. */
const backupEstimateSeconds = 300;

/** Rough duration of an ECS rollout to steady state: tasks start, then pass the target group's health checks. */
const rolloutEstimateSeconds = 60;

/** Builds the plan. @throws ConfigError when the config names an undefined window. */
export function planDeployment(
  request: DeploymentPlan['request'],
  config: Pick<
    EnvironmentConfig,
    | 'approvals'
    | 'windows'
    | 'promotion'
    | 'trafficPlan'
    | 'standbySeconds'
    | 'backup'
    | 'deployGreen'
    | 'verify'
  > &
    Partial<Pick<EnvironmentConfig, 'notice' | 'successCriteria' | 'checklist'>>,
  nowMs: number,
): DeploymentPlan {
  // The promotion rule needs the Store; a dry run reports it instead of guessing.
  const policy = evaluatePolicy({
    request,
    config: {
      approvals: config.approvals,
      windows: config.windows,
      promotion: undefined,
      ...(config.notice ? { notice: config.notice } : {}),
      ...(config.checklist ? { checklist: config.checklist } : {}),
    },
    nowMs,
    succeededInPromotionSource: null,
  });
  const approvals = policy.approvals;
  const checklistItems = itemsFor(config.checklist ?? [], request.releaseType);
  const checklistText =
    checklistItems.length > 0
      ? `; the checklist needs ${checklistItems.map((item) => `${item.id} (by ${item.role})`).join(', ')} attested`
      : '';
  const criteria = config.successCriteria;
  const criteriaText = criteria
    ? ` and the success criteria (errors under ${criteria.maxErrorRatePercent}%, p95 under ${criteria.maxP95Ms} ms; ` +
      (criteria.onMiss === 'hold'
        ? `a miss bakes the step again, up to ${criteria.maxHolds} times)`
        : 'a miss rolls back)')
    : '';
  const steps = [
    `Preflight: validate the request, apply the policy, take the lock${checklistText}`,
    ...(approvals.length > 0
      ? [`AwaitApproval: ${describeRequirements(approvals)} (distinct approvers)`]
      : []),
    ...(config.backup.enabled ? ['Backup: DB snapshot, wait until available'] : []),
    'Migrate: expand-only migrations',
    'DeployGreen: new version on the idle colour, wait until stable',
    'VerifyGreen: target health and smoke tests through the test listener',
    ...config.trafficPlan.flatMap((step, i) => [
      `ShiftWeight ${i + 1}/${config.trafficPlan.length}: green ${step.weightPercent}%`,
      `Bake ${formatDuration(step.bakeSeconds)}, then Verify against the thresholds${criteriaText}`,
    ]),
    'Promote: green becomes live',
    `Standby: blue stays hot for ${formatDuration(config.standbySeconds)} (greenlight rollback switches back at once)`,
    'DecommissionBlue, Finish: release the lock, notify',
  ];
  const parts = {
    backup: config.backup.enabled ? backupEstimateSeconds : 0,
    deployGreen: rolloutEstimateSeconds,
    bakes: config.trafficPlan.reduce((sum, step) => sum + step.bakeSeconds, 0),
    standby: config.standbySeconds,
  };
  const seconds = Object.values(parts).reduce((a, b) => a + b, 0);
  // Held bakes are not planned, only allowed: say how much longer they could make it.
  const holdsSeconds = criteria?.onMiss === 'hold' ? parts.bakes * criteria.maxHolds : 0;
  const cost = deploymentCost(config, {
    approvalGate: approvals.length > 0,
    holds: 0,
    lambdaMemoryMb: defaultFunctionMemoryMb,
  });
  return {
    request,
    at: new Date(nowMs).toISOString(),
    cost: { totalUsd: cost.totalUsd, text: cost.text },
    allowedNow: policy.allowed,
    window: policy.window,
    reasons: policy.reasons,
    approvals,
    promotion: config.promotion
      ? `${request.environment} only takes versions that succeeded in ${config.promotion.requireSuccessIn} (checked at run time)`
      : null,
    steps,
    estimate: {
      seconds,
      text:
        `about ${formatDuration(seconds)} (${formatDuration(seconds - parts.standby)} to full traffic, plus ${formatDuration(parts.standby)} standby), not counting time waiting for approvals` +
        (holdsSeconds > 0 ? `; held bakes could add up to ${formatDuration(holdsSeconds)}` : ''),
      parts,
    },
  };
}

/** The plan as text for the terminal. */
export function formatPlan(plan: DeploymentPlan): string {
  const { request } = plan;
  return [
    `Plan for ${request.service} ${request.version} (${request.releaseType}) in ${request.environment}, at ${plan.at}`,
    '',
    `Window: ${plan.window.open ? 'OPEN' : 'CLOSED'}: ${plan.window.detail}`,
    ...(plan.window.nextOpensAt ? [`Next opening: ${plan.window.nextOpensAt}`] : []),
    `Decision: ${plan.allowedNow ? 'may deploy now' : 'would be refused now'}`,
    ...plan.reasons.map((r) => `  - ${r}`),
    `Approvals: ${describeRequirements(plan.approvals)}`,
    ...(plan.promotion ? [`Promotion: ${plan.promotion}`] : []),
    '',
    'Steps:',
    ...plan.steps.map((s, i) => `  ${i + 1}. ${s}`),
    '',
    `Estimated duration: ${plan.estimate.text}`,
    `Estimated cost to Greenlight: ${plan.cost.text} (not the service's own compute)`,
    'Nothing was changed (dry run).',
  ].join('\n');
}

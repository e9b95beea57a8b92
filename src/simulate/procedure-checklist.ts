/**
 * `simulate --preset` ends by holding the run to the seed's procedure: each requirement the
 * preset sets, marked met or not with the evidence from the run's audit trail, and each
 * requirement of the seed that is not a setting yet, marked as such. Pure.
 */
import { itemsFor } from '../core/checklist.ts';
import { deploymentCost } from '../core/cost-estimate.ts';
import { formatDuration, isoUtc } from '../core/format.ts';
import { describeSchedule, freezesAt } from '../core/freezes.ts';
import { evaluatePolicy } from '../core/policy.ts';
import { environmentTag } from '../core/resource-tags.ts';
import type { AuditEvent } from '../ports/store.ts';
import { parseEnvironmentConfig } from '../schema/parse-config.ts';
import type { Attestation } from '../schema/request.ts';
import { defaultFunctionMemoryMb } from '../workflow/function-defaults.ts';
import type { PresetRun } from './run-simulation.ts';

export interface ChecklistItem {
  readonly requirement: string;
  /** `gap`: the seed asks for it, and Greenlight has no setting for it yet. */
  readonly status: 'met' | 'not met' | 'gap';
  readonly evidence: string;
}

const mark: Readonly<Record<ChecklistItem['status'], string>> = { met: '✔', 'not met': '✘', gap: '–' };

export function renderChecklist(items: readonly ChecklistItem[]): string {
  const met = items.filter((item) => item.status === 'met').length;
  const settable = items.filter((item) => item.status !== 'gap').length;
  return [
    `The procedure: ${met} of ${settable} requirements met in this run; ${items.length - settable} not settings yet`,
    ...items.map((item) => `  ${mark[item.status]} ${item.requirement}: ${item.evidence}`),
  ].join('\n');
}

/** The checklist of `preset`'s run, from its audit trail (oldest first), ending with the seed's gaps. */
export function checkProcedure(preset: PresetRun, audit: readonly AuditEvent[]): ChecklistItem[] {
  const config = parseEnvironmentConfig(
    { ...preset.policy, environment: preset.environment, services: {} },
    `the ${preset.name} preset`,
  );
  const of = (type: string) => audit.filter((event) => event.type === type);
  const first = (type: string) => of(type)[0];
  const items: ChecklistItem[] = [];

  const planned = config.trafficPlan.map(
    (step) => `${step.weightPercent}% for ${formatDuration(step.bakeSeconds)}`,
  );
  const baked = of('bake.started')
    .filter((event) => event.detail.hold === undefined)
    .map((event) => `${event.detail.weightPercent}% for ${formatDuration(Number(event.detail.bakeSeconds))}`);
  items.push({
    requirement: `traffic ${planned.join(' → ')}`,
    status: baked.join(' → ') === planned.join(' → ') ? 'met' : 'not met',
    evidence: baked.length > 0 ? `baked ${baked.join(' → ')}` : 'no bake ran',
  });

  const passed = of('verify').filter((event) => event.detail.decision === 'pass').length;
  items.push({
    requirement: `rollback thresholds: errors over ${config.verify.maxErrorRatePercent}% or +${config.verify.maxErrorRateIncreasePoints} points, latency +${config.verify.maxLatencyIncreasePercent}% or p95 over ${config.verify.maxP95Ms} ms`,
    status: passed === config.trafficPlan.length ? 'met' : 'not met',
    evidence: `judged after every bake: ${passed} of ${config.trafficPlan.length} verdicts passed`,
  });

  const criteria = config.successCriteria;
  if (criteria) {
    const verdicts = of('verify');
    const held = verdicts.filter((event) => event.detail.decision === 'hold').length;
    const promotedOnThem = verdicts.filter((event) => event.detail.decision === 'pass').length;
    items.push({
      requirement: `promotion only on the success criteria: errors under ${criteria.maxErrorRatePercent}%, p95 under ${criteria.maxP95Ms} ms (a miss ${criteria.onMiss === 'hold' ? `holds the step, up to ${criteria.maxHolds} bakes` : 'rolls back'})`,
      status: promotedOnThem === config.trafficPlan.length ? 'met' : 'not met',
      evidence: `met after ${promotedOnThem} of ${config.trafficPlan.length} steps${held > 0 ? `, ${held} held bake(s) first` : ''}`,
    });
  }

  const needed = config.approvals[preset.releaseType] ?? [];
  if (needed.length > 0) {
    const granted = of('approval.granted');
    const short = needed.filter(
      (need) => granted.filter((grant) => grant.detail.role === need.role).length < need.count,
    );
    items.push({
      requirement: `${preset.releaseType} approvals: ${needed.map((need) => `${need.count} × ${need.role}`).join(', ')}`,
      status: short.length === 0 && first('approval.completed') ? 'met' : 'not met',
      evidence:
        granted
          .map((grant) => `${grant.detail.role} by ${grant.detail.by} via ${grant.detail.via}`)
          .join('; ') || 'none given',
    });
  }

  const checklistItems = itemsFor(config.checklist, preset.releaseType);
  if (checklistItems.length > 0) {
    const attested = (first('checklist.attested')?.detail.items ?? []) as readonly Attestation[];
    const shown = checklistItems.filter((item) =>
      attested.some((attestation) => attestation.item === item.id && attestation.role === item.role),
    );
    items.push({
      requirement: `pre-deployment checklist: ${checklistItems.length} items attested, each by its role, before anything changes`,
      status: shown.length === checklistItems.length ? 'met' : 'not met',
      evidence:
        attested.length > 0
          ? `${shown.length} of ${checklistItems.length} attested at Preflight (${attested.map((a) => `${a.item} by ${a.role}`).join(', ')}; the simulator's, nothing checked)`
          : 'none attested',
    });
  }

  const windowName = config.windows.byReleaseType[preset.releaseType];
  const startedAt = first('preflight.passed');
  if (windowName && windowName !== 'anytime' && startedAt) {
    const decision = evaluatePolicy({
      request: {
        service: 'shop',
        environment: preset.environment,
        version: '0.0.0',
        releaseType: preset.releaseType,
      },
      config,
      nowMs: startedAt.atMs,
      succeededInPromotionSource: true,
    });
    items.push({
      requirement: `${preset.releaseType} releases only in window "${windowName}"`,
      status: decision.window.open ? 'met' : 'not met',
      evidence: `started ${new Date(startedAt.atMs).toISOString()}: ${decision.window.detail}`,
    });
  }

  if (startedAt) {
    const inForce = freezesAt(config.windows, preset.releaseType, startedAt.atMs);
    for (const freeze of config.windows.freezes) {
      const stopped = inForce.denying.find((occurrence) => occurrence.freeze === freeze);
      const passed = inForce.allowing.find((occurrence) => occurrence.freeze === freeze);
      items.push({
        requirement: `freeze "${freeze.reason}" (${describeSchedule(freeze)}) stops all but ${freeze.allow.join(', ') || 'nothing'}`,
        status: stopped ? 'not met' : 'met',
        evidence: stopped
          ? `started ${isoUtc(startedAt.atMs)}, inside its occurrence from ${isoUtc(stopped.fromMs)} to ${isoUtc(stopped.toMs)}`
          : passed
            ? `started inside it as a ${preset.releaseType} release, which it lets through with its approvals`
            : `started ${isoUtc(startedAt.atMs)}, outside it (Preflight checks it on every start)`,
      });
    }
  }

  const noticeSeconds = config.notice[preset.releaseType];
  if (noticeSeconds) {
    const request = (startedAt?.detail.request ?? {}) as { announcedAt?: string };
    const announcedMs = request.announcedAt ? Date.parse(request.announcedAt) : Number.NaN;
    const ahead = startedAt ? (startedAt.atMs - announcedMs) / 1000 : Number.NaN;
    items.push({
      requirement: `${preset.releaseType} releases announced at least ${formatDuration(noticeSeconds)} before they start`,
      status: ahead >= noticeSeconds ? 'met' : 'not met',
      evidence: Number.isNaN(ahead)
        ? 'no announcement in the request'
        : `announced ${formatDuration(ahead)} before Preflight passed (the announcement is the simulator's, assumed)`,
    });
  }

  if (config.promotion) {
    items.push({
      requirement: `only versions that succeeded in ${config.promotion.requireSuccessIn}`,
      status: startedAt ? 'met' : 'not met',
      evidence: `Preflight checked it against the record the simulator put there (assumed, not run)`,
    });
  }

  if (config.backup.enabled) {
    const verified = first('backup.verified');
    const migrated = first('migrations.applied') ?? first('migration.applied');
    items.push({
      requirement: `a verified snapshot before any migration, kept ${config.backup.retentionDays} days`,
      status: verified && (!migrated || verified.atMs <= migrated.atMs) ? 'met' : 'not met',
      evidence: verified
        ? `snapshot ${String(verified.detail.snapshotId)} available before Migrate`
        : 'no snapshot verified',
    });
  }

  const promoted = first('promoted');
  const decommissioned = first('decommissioned');
  const stoodBy = promoted && decommissioned ? (decommissioned.atMs - promoted.atMs) / 1000 : null;
  items.push({
    requirement: `blue kept hot for ${formatDuration(config.standbySeconds)} after promotion, then decommissioned`,
    status: stoodBy !== null && stoodBy >= config.standbySeconds ? 'met' : 'not met',
    evidence:
      stoodBy === null
        ? 'blue was not decommissioned'
        : `decommissioned ${formatDuration(stoodBy)} after promotion`,
  });

  if (config.extendedMonitoringSeconds > 0) {
    const monitoredUntil = promoted?.detail.monitoredUntil;
    items.push({
      requirement: `alarms armed on the new release for ${formatDuration(config.extendedMonitoringSeconds)} after promotion: rolling back while blue is hot, paging after`,
      status: typeof monitoredUntil === 'string' ? 'met' : 'not met',
      evidence:
        typeof monitoredUntil === 'string'
          ? `Promote armed them until ${monitoredUntil}; no workflow state waits for it`
          : 'Promote armed nothing',
    });
  }

  items.push({
    requirement: `database on rollback: ${config.rollback.database}`,
    status: 'met',
    evidence: first('rolled-back')
      ? 'exercised by the rollback'
      : 'armed (not exercised: the release went through)',
  });

  for (const [type, owed] of Object.entries(config.approvalsAfter)) {
    if (!owed) continue;
    const due = first('after-the-fact.due');
    const exercised = type === preset.releaseType;
    items.push({
      requirement: `${type} releases approved after the fact by ${owed.approvals.map((a) => `${a.count} × ${a.role}`).join(', ')} within ${formatDuration(owed.withinSeconds)}, paging when overdue`,
      status: !exercised || due ? 'met' : 'not met',
      evidence: exercised
        ? due
          ? `due at Preflight, by ${isoUtc(Number(due.detail.dueAtMs))}`
          : 'nothing was recorded as due'
        : `armed (not exercised: this run was a ${preset.releaseType} release)`,
    });
  }

  const costTags = Object.entries(config.costAllocationTags);
  if (costTags.length > 0) {
    const cost = deploymentCost(config, {
      approvalGate: needed.length > 0,
      holds: of('bake.held').length,
      lambdaMemoryMb: defaultFunctionMemoryMb,
    });
    items.push({
      requirement: `cost visibility: resources tagged ${costTags.map(([key, value]) => `${key}=${value}`).join(', ')} and ${environmentTag}, and a cost per deployment`,
      status: 'met',
      evidence: `the stack tags every resource and Backup every snapshot with them; this deployment: ${cost.text}`,
    });
  }

  for (const gap of preset.gaps)
    items.push({ requirement: gap, status: 'gap', evidence: 'not a setting yet (issue 14)' });
  return items;
}

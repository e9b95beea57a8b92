import { itemsFor } from '../core/checklist.ts';
import { formatDuration } from '../core/format.ts';
import { describeSchedule } from '../core/freezes.ts';
import { describeRecurring } from '../core/recurring-window.ts';
import { successCriteriaSchema } from '../schema/config.ts';
import { releaseTypes } from '../schema/request.ts';
import type { EnvironmentPolicy, Preset } from './preset.ts';

/**
 * The presets as a Markdown table, one row per preset and environment: what docs/presets.md
 * shows, generated here so the docs never copy a value (test/presets/preset-docs.test.ts).
 */
export function renderPresetTable(presets: readonly Preset[]): string {
  const rows = presets.flatMap((preset) =>
    Object.entries(preset.environments).map(([environment, { policy, dr }]) =>
      [
        `\`${preset.name}\``,
        environment,
        plan(policy),
        successCriteria(policy),
        formatDuration(policy.standbySeconds),
        approvals(policy),
        checklist(policy),
        notice(policy),
        windows(policy),
        freezes(policy),
        dr
          ? `RTO ${formatDuration(dr.rtoMinutes * 60)}, RPO ${formatDuration(dr.rpoMinutes * 60)}${dr.assumed ? ' (assumed: the seed names none)' : ''}`
          : 'none',
      ].join(' | '),
    ),
  );
  return [
    '| preset | environment | traffic plan | success criteria | standby | approvals | checklist | notice | windows | freezes | DR drill |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((row) => `| ${row} |`),
  ].join('\n');
}

const plan = (policy: EnvironmentPolicy): string =>
  policy.trafficPlan
    .map((step) => `${step.weightPercent}% for ${formatDuration(step.bakeSeconds)}`)
    .join(' → ');

function successCriteria(policy: EnvironmentPolicy): string {
  if (!policy.successCriteria) return 'none';
  const criteria = successCriteriaSchema.parse(policy.successCriteria); // with its defaults
  const onMiss =
    criteria.onMiss === 'rollback' ? 'a miss rolls back' : `a miss holds, up to ${criteria.maxHolds} bakes`;
  return `errors < ${criteria.maxErrorRatePercent}%, p95 < ${criteria.maxP95Ms} ms; ${onMiss}`;
}

function approvals(policy: EnvironmentPolicy): string {
  const byType = Object.entries(policy.approvals ?? {}).filter(([, needs]) => (needs ?? []).length > 0);
  if (byType.length === 0) return 'none';
  return byType
    .map(
      ([type, needs]) =>
        `${type}: ${(needs ?? []).map((need) => `${need.role}${(need.count ?? 1) > 1 ? ` ×${need.count}` : ''}`).join(' + ')}`,
    )
    .join('; ');
}

function checklist(policy: EnvironmentPolicy): string {
  const items = policy.checklist ?? [];
  if (items.length === 0) return 'none';
  const byType = releaseTypes.map((type) => `${type}: ${itemsFor(items, type).length}`).join(', ');
  return `${items.length} items attested by ${[...new Set(items.map((item) => item.role))].join(', ')} (${byType})`;
}

function notice(policy: EnvironmentPolicy): string {
  const byType = Object.entries(policy.notice ?? {}).filter(([, seconds]) => (seconds ?? 0) > 0);
  return byType.map(([type, seconds]) => `${type}: ${formatDuration(seconds ?? 0)}`).join('; ') || 'none';
}

function windows(policy: EnvironmentPolicy): string {
  const windows = policy.windows;
  if (!windows) return 'anytime';
  return Object.entries(windows.byReleaseType ?? {})
    .map(([type, name]) => {
      if (name === 'anytime' || name === undefined) return `${type}: anytime`;
      return `${type}: ${describeRecurring(windows.named?.[name] ?? [])} (${windows.timeZone ?? 'UTC'})`;
    })
    .join('; ');
}

function freezes(policy: EnvironmentPolicy): string {
  const list = policy.windows?.freezes ?? [];
  return (
    list
      .map((freeze) => {
        const allowed = (freeze.allow ?? []).length > 0 ? `, allows ${(freeze.allow ?? []).join(', ')}` : '';
        return `${freeze.reason}: ${describeSchedule(freeze)}${allowed}`;
      })
      .join('; ') || 'none'
  );
}

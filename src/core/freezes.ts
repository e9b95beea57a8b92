/**
 * Freezes: spans in which only the release types a freeze allows may deploy, and those only
 * with its approvals. A freeze is fixed (two instants), weekly (a recurring window, such as
 * seed 000 §4.3's code freeze from Tuesday 17:00) or yearly (whole local days every year).
 * Recurring freezes are read in `windows.timeZone`, as the windows are.
 */
import { ConfigError } from '../errors.ts';
import type { ApprovalRequirement, RecurringWindow, Windows } from '../schema/config.ts';
import type { ReleaseType } from '../schema/request.ts';
import { isoUtc } from './format.ts';
import { describeRecurring, occurrenceOfWindowAt, type Span } from './recurring-window.ts';
import { addDays, type LocalDate, minutesPerDay, zonedTimeOf, zonedWallTimeToUtcMs } from './time-zone.ts';

export type Freeze = Windows['freezes'][number];

/** One span of a freeze: the whole of a fixed one, one week's or one year's of a recurring one. */
export interface FreezeOccurrence {
  readonly freeze: Freeze;
  readonly fromMs: number;
  readonly toMs: number;
}

/** The occurrence of `freeze` in force at `ms` (from ≤ ms < to), or null. */
export function occurrenceAt(freeze: Freeze, timeZone: string, ms: number): FreezeOccurrence | null {
  const span =
    'weekly' in freeze
      ? occurrenceOfWindowAt(freeze.weekly, timeZone, ms)
      : 'yearly' in freeze
        ? yearlySpanAt(freeze, timeZone, ms)
        : fixedSpan(freeze);
  return span !== null && span.fromMs <= ms && ms < span.toMs ? { freeze, ...span } : null;
}

/** Freezes in force at `ms`, split by whether they stop this release type. */
export function freezesAt(
  windows: Windows,
  releaseType: ReleaseType,
  ms: number,
): { denying: FreezeOccurrence[]; allowing: FreezeOccurrence[] } {
  const active = windows.freezes
    .map((freeze) => occurrenceAt(freeze, windows.timeZone, ms))
    .filter((occurrence) => occurrence !== null);
  return {
    denying: active.filter((occurrence) => !occurrence.freeze.allow.includes(releaseType)),
    allowing: active.filter((occurrence) => occurrence.freeze.allow.includes(releaseType)),
  };
}

/**
 * The approvals a release needs: its release type's, raised by every freeze in force that lets
 * it through. One requirement per role, with the highest count any source asks for.
 */
export function approvalsThroughFreezes(
  own: readonly ApprovalRequirement[],
  allowing: readonly FreezeOccurrence[],
): ApprovalRequirement[] {
  const countByRole = new Map<string, number>();
  for (const requirement of [...own, ...allowing.flatMap((occurrence) => occurrence.freeze.approvals)]) {
    countByRole.set(requirement.role, Math.max(countByRole.get(requirement.role) ?? 0, requirement.count));
  }
  return [...countByRole].map(([role, count]) => ({ role, count }));
}

/** `freeze "code freeze" (weekly, tue 17:00 for 53 h) from … to …`, for reasons. */
export function describeOccurrence(occurrence: FreezeOccurrence): string {
  const { freeze } = occurrence;
  const schedule = 'from' in freeze ? '' : ` (${describeSchedule(freeze)})`;
  return `freeze "${freeze.reason}"${schedule} from ${isoUtc(occurrence.fromMs)} to ${isoUtc(occurrence.toMs)}`;
}

/** When a freeze is in force: `weekly, tue 17:00 for 53 h`, `every year, 12-20 through 01-02`, `from … to …`. */
export function describeSchedule(
  freeze:
    | { weekly: RecurringWindow }
    | { yearly: { from: string; through: string } }
    | { from: string; to: string },
): string {
  if ('weekly' in freeze) return `weekly, ${describeRecurring([freeze.weekly])}`;
  if ('yearly' in freeze) return `every year, ${freeze.yearly.from} through ${freeze.yearly.through}`;
  return `from ${freeze.from} to ${freeze.to}`;
}

/**
 * Problems in the freezes that the schema cannot see: a fixed freeze that ends before it
 * starts, and a freeze that lets a release type through with no approval at all, since the
 * emergency path may go through a freeze only with its approvals. Empty when fine.
 */
export function freezeProblems(
  windows: Windows,
  approvals: Partial<Record<ReleaseType, readonly ApprovalRequirement[]>>,
): string[] {
  return windows.freezes.flatMap((freeze, i) => {
    const where = `windows.freezes[${i}] ("${freeze.reason}")`;
    const problems: string[] = [];
    if (!('weekly' in freeze) && !('yearly' in freeze)) {
      const fromMs = Date.parse(freeze.from);
      const toMs = Date.parse(freeze.to);
      if (Number.isNaN(fromMs) || Number.isNaN(toMs) || toMs <= fromMs) {
        problems.push(`${where}: to ${freeze.to} must be a date-time after from ${freeze.from}`);
      }
    }
    for (const releaseType of freeze.allow) {
      if ((approvals[releaseType] ?? []).length === 0 && freeze.approvals.length === 0) {
        problems.push(
          `${where} lets ${releaseType} releases through with no approval: a freeze may be passed only with approvals; ` +
            `set approvals.${releaseType}, or the freeze's own approvals, or take ${releaseType} out of its allow list`,
        );
      }
    }
    return problems;
  });
}

/** @throws ConfigError when `from` or `to` is not a date-time (a config the schema did not check). */
function fixedSpan(freeze: Extract<Freeze, { from: string }>): Span {
  const fromMs = Date.parse(freeze.from);
  const toMs = Date.parse(freeze.to);
  if (Number.isNaN(fromMs) || Number.isNaN(toMs)) {
    throw new ConfigError(
      `freeze "${freeze.reason}" has from "${freeze.from}" / to "${freeze.to}"; both must be ISO date-times such as 2025-12-20T00:00:00Z`,
    );
  }
  return { fromMs, toMs };
}

/** The yearly occurrence around `ms`: the one that began this local year, or last year's if it runs on. */
function yearlySpanAt(
  freeze: Extract<Freeze, { yearly: unknown }>,
  timeZone: string,
  ms: number,
): Span | null {
  const { from, through } = freeze.yearly;
  const [fromMonth, fromDay] = from.split('-').map(Number) as [number, number];
  const [throughMonth, throughDay] = through.split('-').map(Number) as [number, number];
  const crossesNewYear = throughMonth * 100 + throughDay < fromMonth * 100 + fromDay;
  const { year } = zonedTimeOf(ms, timeZone);
  for (const startYear of [year, year - 1]) {
    const span = {
      fromMs: zonedWallTimeToUtcMs({ year: startYear, month: fromMonth, day: fromDay }, 0, timeZone),
      toMs: localMinuteToUtcMs(
        { year: crossesNewYear ? startYear + 1 : startYear, month: throughMonth, day: throughDay },
        minutesPerDay,
        timeZone,
      ),
    };
    if (span.fromMs <= ms && ms < span.toMs) return span;
  }
  return null;
}

/** The instant the local wall clock shows `minute` minutes after midnight of `date` (minute may pass a day). */
function localMinuteToUtcMs(date: LocalDate, minute: number, timeZone: string): number {
  const day = addDays(date, Math.floor(minute / minutesPerDay));
  return zonedWallTimeToUtcMs(day, minute % minutesPerDay, timeZone);
}

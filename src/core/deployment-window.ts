/**
 * Deployment windows and freezes: may this release type deploy now, and if not, when?
 */
import { ConfigError } from '../errors.ts';
import type { ApprovalRequirement, RecurringWindow, Windows } from '../schema/config.ts';
import type { ReleaseType } from '../schema/request.ts';
import { freezeProblems, freezesAt } from './freezes.ts';
import { describeRecurring, isOpenAt, nextWindowStartAfter } from './recurring-window.ts';
import { assertTimeZone, hhmmFrom, minutesPerDay, zonedTimeOf } from './time-zone.ts';

export const anytime = 'anytime';

/** How far ahead {@link nextAllowedAt} looks: past a yearly freeze of most of a year, and the window after it. */
export const openingHorizonDays = 400;

/** The window a release type deploys in, as {@link evaluateWindow} sees it now. */
export interface WindowStatus {
  /** The window's name in `windows.named`, or `anytime`. */
  name: string;
  open: boolean;
  detail: string;
}

/** The window name for a release type: `windows.byReleaseType[releaseType]`, `anytime` when missing. */
export function windowNameFor(windows: Windows, releaseType: ReleaseType): string {
  return windows.byReleaseType[releaseType] ?? anytime;
}

/**
 * The recurring windows behind a name, or null for `anytime`.
 * @throws ConfigError when the name is not defined in `windows.named`.
 */
export function recurringWindowsFor(windows: Windows, name: string): readonly RecurringWindow[] | null {
  if (name === anytime) return null;
  const list = windows.named[name];
  if (list === undefined) {
    const defined = Object.keys(windows.named);
    throw new ConfigError(
      `deployment window "${name}" is not defined in windows.named (defined: ${defined.length > 0 ? defined.join(', ') : 'none'}); ` +
        `define it or use "${anytime}"`,
    );
  }
  return list;
}

/** Whether the release type's window is open at `nowMs` (freezes are separate: `freezesAt`). */
export function evaluateWindow(windows: Windows, releaseType: ReleaseType, nowMs: number): WindowStatus {
  const name = windowNameFor(windows, releaseType);
  const list = recurringWindowsFor(windows, name);
  if (list === null) return { name, open: true, detail: `${releaseType} releases may deploy at any time` };
  assertTimeZone(windows.timeZone);
  const open = isOpenAt(list, windows.timeZone, nowMs);
  const local = zonedTimeOf(nowMs, windows.timeZone);
  const detail =
    `${releaseType} releases deploy in window "${name}" (${describeRecurring(list)}, ${windows.timeZone}), ` +
    `which is ${open ? 'open' : 'closed'}: it is ${local.weekday} ${hhmmFrom(local.minuteOfDay)} there now`;
  return { name, open, detail };
}

/**
 * The earliest instant at or after `nowMs` at which the release type's window is open and no
 * freeze stops it; null when there is none within {@link openingHorizonDays}. It walks from one
 * boundary to the next: past the end of every freeze that stops the release, then to the next
 * window start, until both agree. Each step moves forward, so a freeze that recurs or follows
 * another cannot hide the first opening after it.
 */
export function nextAllowedAt(windows: Windows, releaseType: ReleaseType, nowMs: number): number | null {
  const list = recurringWindowsFor(windows, windowNameFor(windows, releaseType));
  const horizonMs = nowMs + openingHorizonDays * minutesPerDay * 60_000;
  let candidateMs = nowMs;
  while (candidateMs <= horizonMs) {
    const { denying } = freezesAt(windows, releaseType, candidateMs);
    if (denying.length > 0) {
      candidateMs = Math.max(...denying.map((occurrence) => occurrence.toMs));
    } else if (list !== null && !isOpenAt(list, windows.timeZone, candidateMs)) {
      candidateMs = nextWindowStartAfter(list, windows.timeZone, candidateMs);
    } else {
      return candidateMs;
    }
  }
  return null;
}

/**
 * Problems in a windows config that the schema cannot see: unknown time zone, a release
 * type pointing at an undefined window, and the freezes' ({@link freezeProblems}). Empty when fine.
 */
export function validateWindows(
  windows: Windows,
  approvals: Partial<Record<ReleaseType, readonly ApprovalRequirement[]>>,
): string[] {
  const problems: string[] = [];
  try {
    assertTimeZone(windows.timeZone);
  } catch (error) {
    problems.push((error as Error).message);
  }
  for (const [releaseType, name] of Object.entries(windows.byReleaseType)) {
    if (name !== undefined && name !== anytime && windows.named[name] === undefined) {
      problems.push(
        `windows.byReleaseType.${releaseType} names window "${name}", which windows.named does not define`,
      );
    }
  }
  return [...problems, ...freezeProblems(windows, approvals)];
}

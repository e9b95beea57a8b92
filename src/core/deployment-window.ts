/**
 * Deployment windows and freezes: may this release type deploy now, and if not, when?
 */
import { ConfigError } from '../errors.ts';
import type { RecurringWindow, Windows } from '../schema/config.ts';
import type { ReleaseType } from '../schema/request.ts';
import { formatDuration, isoUtc } from './format.ts';
import {
  addDays,
  assertTimeZone,
  hhmmFrom,
  minuteOfDayFrom,
  minutesPerDay,
  minutesPerWeek,
  weekdays,
  zonedTimeOf,
  zonedWallTimeToUtcMs,
} from './time-zone.ts';

export type Freeze = Windows['freezes'][number];

export const anytime = 'anytime';

/** How many days after now (or after a freeze ends) {@link nextAllowedAt} looks for a window start. */
export const openingHorizonDays = 14;

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

/**
 * True when one of `list` is open at `ms`. A window opens at `start` local time on each of
 * its days and stays open for `durationMinutes` of local wall-clock time, so it may cross
 * midnight (and the end of the week): Sunday 23:00 for 120 minutes is open until Monday 01:00.
 */
export function isOpenAt(list: readonly RecurringWindow[], timeZone: string, ms: number): boolean {
  const local = zonedTimeOf(ms, timeZone);
  const minuteOfWeek = weekdays.indexOf(local.weekday) * minutesPerDay + local.minuteOfDay;
  return list.some((window) =>
    window.days.some((day) => {
      const opensAt = weekdays.indexOf(day) * minutesPerDay + minuteOfDayFrom(window.start);
      const sinceOpening = (((minuteOfWeek - opensAt) % minutesPerWeek) + minutesPerWeek) % minutesPerWeek;
      return sinceOpening < window.durationMinutes;
    }),
  );
}

/** `thu 22:00 for 2 h`, `daily 22:00 for 8 h`. */
export function describeRecurring(list: readonly RecurringWindow[]): string {
  return list
    .map((window) => {
      const days = window.days.length === 7 ? 'daily' : window.days.join(',');
      return `${days} ${window.start} for ${formatDuration(window.durationMinutes * 60)}`;
    })
    .join(' and ');
}

/** Whether the release type's window is open at `nowMs` (freezes are separate: {@link freezesAt}). */
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

/** Freezes in force at `ms`, split by whether they stop this release type. */
export function freezesAt(
  windows: Windows,
  releaseType: ReleaseType,
  ms: number,
): { denying: Freeze[]; allowing: Freeze[] } {
  const active = windows.freezes.filter((freeze) => {
    const { fromMs, toMs } = freezeBounds(freeze);
    return fromMs <= ms && ms < toMs;
  });
  return {
    denying: active.filter((freeze) => !freeze.allow.includes(releaseType)),
    allowing: active.filter((freeze) => freeze.allow.includes(releaseType)),
  };
}

/** @throws ConfigError when a freeze's `from` or `to` is not a date-time. */
export function freezeBounds(freeze: Freeze): { fromMs: number; toMs: number } {
  const fromMs = Date.parse(freeze.from);
  const toMs = Date.parse(freeze.to);
  if (Number.isNaN(fromMs) || Number.isNaN(toMs)) {
    throw new ConfigError(
      `freeze "${freeze.reason}" has from "${freeze.from}" / to "${freeze.to}"; both must be ISO date-times such as 2025-12-20T00:00:00Z`,
    );
  }
  return { fromMs, toMs };
}

/**
 * The earliest instant after `nowMs` at which the release type's window is open and no
 * freeze stops it; null when there is none. The candidates are every freeze end (a freeze
 * may end inside an open window) and every window start within {@link openingHorizonDays}
 * of now or of a freeze end, so no minute-by-minute scan is needed and a long freeze
 * cannot hide the first opening after it.
 */
export function nextAllowedAt(windows: Windows, releaseType: ReleaseType, nowMs: number): number | null {
  const list = recurringWindowsFor(windows, windowNameFor(windows, releaseType));
  const freezeEnds = windows.freezes.map((freeze) => freezeBounds(freeze).toMs).filter((ms) => ms > nowMs);
  const candidates = [...freezeEnds];
  if (list !== null) {
    for (const originMs of [nowMs, ...freezeEnds]) {
      candidates.push(...windowStartsAfter(list, windows.timeZone, originMs));
    }
  }
  const allowed = candidates
    .filter((ms) => ms > nowMs)
    .sort((a, b) => a - b)
    .find(
      (ms) =>
        (list === null || isOpenAt(list, windows.timeZone, ms)) &&
        freezesAt(windows, releaseType, ms).denying.length === 0,
    );
  return allowed ?? null;
}

/** Every start of the windows on the local days from `originMs`'s date to {@link openingHorizonDays} later. */
function windowStartsAfter(list: readonly RecurringWindow[], timeZone: string, originMs: number): number[] {
  const starts: number[] = [];
  const originDate = zonedTimeOf(originMs, timeZone);
  for (let offset = 0; offset <= openingHorizonDays; offset++) {
    const date = addDays(originDate, offset);
    for (const window of list) {
      if (window.days.includes(date.weekday)) {
        starts.push(zonedWallTimeToUtcMs(date, minuteOfDayFrom(window.start), timeZone));
      }
    }
  }
  return starts;
}

/** One line per freeze, for reasons: `freeze "year-end" (… to …): hotfix allowed`. */
export function describeFreeze(freeze: Freeze): string {
  const { fromMs, toMs } = freezeBounds(freeze);
  return `freeze "${freeze.reason}" from ${isoUtc(fromMs)} to ${isoUtc(toMs)}`;
}

/**
 * Problems in a windows config that the schema cannot see: unknown time zone, a release
 * type pointing at an undefined window, a freeze that ends before it starts. Empty when fine.
 */
export function validateWindows(windows: Windows): string[] {
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
  windows.freezes.forEach((freeze, i) => {
    const fromMs = Date.parse(freeze.from);
    const toMs = Date.parse(freeze.to);
    if (Number.isNaN(fromMs) || Number.isNaN(toMs) || toMs <= fromMs) {
      problems.push(
        `windows.freezes[${i}] ("${freeze.reason}"): to ${freeze.to} must be a date-time after from ${freeze.from}`,
      );
    }
  });
  return problems;
}

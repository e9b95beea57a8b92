/**
 * A recurring weekly span in local time: a deployment window, or a weekly freeze. It opens at
 * `start` local time on each of its days and lasts `durationMinutes` of local wall-clock time,
 * so it may cross midnight (and the end of the week): Sunday 23:00 for 120 minutes lasts until
 * Monday 01:00.
 */
import type { RecurringWindow } from '../schema/config.ts';
import { formatDuration } from './format.ts';
import {
  addDays,
  minuteOfDayFrom,
  minutesPerDay,
  minutesPerWeek,
  weekdays,
  zonedTimeOf,
  zonedWallTimeToUtcMs,
} from './time-zone.ts';

/** An occurrence of a recurring window, in epoch ms: from ≤ t < to. */
export interface Span {
  readonly fromMs: number;
  readonly toMs: number;
}

/** The occurrence of `window` in force at `ms`, or null when it is closed then. */
export function occurrenceOfWindowAt(window: RecurringWindow, timeZone: string, ms: number): Span | null {
  const local = zonedTimeOf(ms, timeZone);
  const minuteOfWeek = weekdays.indexOf(local.weekday) * minutesPerDay + local.minuteOfDay;
  const startMinute = minuteOfDayFrom(window.start);
  for (const day of window.days) {
    const opensAt = weekdays.indexOf(day) * minutesPerDay + startMinute;
    const sinceOpening = (((minuteOfWeek - opensAt) % minutesPerWeek) + minutesPerWeek) % minutesPerWeek;
    if (sinceOpening >= window.durationMinutes) continue;
    // sinceOpening = (today − opening day) × a day + (minute now − start minute), exactly.
    const openingDay = addDays(local, -(sinceOpening - local.minuteOfDay + startMinute) / minutesPerDay);
    const closingMinute = startMinute + window.durationMinutes;
    return {
      fromMs: zonedWallTimeToUtcMs(openingDay, startMinute, timeZone),
      toMs: zonedWallTimeToUtcMs(
        addDays(openingDay, Math.floor(closingMinute / minutesPerDay)),
        closingMinute % minutesPerDay,
        timeZone,
      ),
    };
  }
  return null;
}

/** True when one of `list` is open at `ms`. */
export function isOpenAt(list: readonly RecurringWindow[], timeZone: string, ms: number): boolean {
  return list.some((window) => occurrenceOfWindowAt(window, timeZone, ms) !== null);
}

/** The first start of one of `list` after `ms`: within eight local days, since each opens weekly. */
export function nextWindowStartAfter(list: readonly RecurringWindow[], timeZone: string, ms: number): number {
  const today = zonedTimeOf(ms, timeZone);
  const starts: number[] = [];
  for (let offset = 0; offset <= 8; offset++) {
    const date = addDays(today, offset);
    for (const window of list) {
      if (window.days.includes(date.weekday)) {
        starts.push(zonedWallTimeToUtcMs(date, minuteOfDayFrom(window.start), timeZone));
      }
    }
  }
  return Math.min(...starts.filter((start) => start > ms));
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

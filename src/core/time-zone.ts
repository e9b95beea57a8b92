/**
 * Wall-clock time in an IANA time zone, with nothing but `Intl.DateTimeFormat`.
 * Deployment windows are written in local time ("Thursday 22:00 in Europe/London"), while
 * every instant Greenlight stores is epoch milliseconds (UTC).
 */
import { ConfigError } from '../errors.ts';

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

export const minutesPerDay = 24 * 60;
export const minutesPerWeek = 7 * minutesPerDay;

/** A local calendar date. */
export interface LocalDate {
  readonly year: number;
  /** 1–12. */
  readonly month: number;
  readonly day: number;
}

/** What a wall clock in the zone shows at an instant, to the minute. */
export interface ZonedTime extends LocalDate {
  readonly weekday: Weekday;
  /** Minutes since local midnight, 0–1439. */
  readonly minuteOfDay: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  const cached = formatters.get(timeZone);
  if (cached !== undefined) return cached;
  let formatter: Intl.DateTimeFormat;
  try {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch (error) {
    throw new ConfigError(
      `windows.timeZone "${timeZone}" is not an IANA time zone; use a name such as UTC, Europe/London or America/New_York`,
      { cause: error },
    );
  }
  formatters.set(timeZone, formatter);
  return formatter;
}

/** @throws ConfigError when `timeZone` is not an IANA time zone this runtime knows. */
export function assertTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

interface ZonedParts extends ZonedTime {
  readonly second: number;
  readonly hour: number;
  readonly minute: number;
}

function partsAt(ms: number, timeZone: string): ZonedParts {
  const fields: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(ms)) fields[part.type] = part.value;
  const number = (type: string): number => Number(fields[type]);
  // Some engines print midnight as 24 even with h23; it is hour 0 of the same day.
  const hour = number('hour') % 24;
  const weekday = (fields.weekday ?? '').toLowerCase() as Weekday;
  return {
    year: number('year'),
    month: number('month'),
    day: number('day'),
    weekday,
    hour,
    minute: number('minute'),
    second: number('second'),
    minuteOfDay: hour * 60 + number('minute'),
  };
}

/** The local date, weekday and minute of day in `timeZone` at the instant `ms`. */
export function zonedTimeOf(ms: number, timeZone: string): ZonedTime {
  const { year, month, day, weekday, minuteOfDay } = partsAt(ms, timeZone);
  return { year, month, day, weekday, minuteOfDay };
}

/** How far the zone's wall clock is ahead of UTC at `ms` (negative west of Greenwich). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  const p = partsAt(ms, timeZone);
  const wallAsUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wallAsUtc - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant (epoch ms) at which the zone's wall clock shows `date` at `minuteOfDay`.
 * Uses the offset in force at that moment, so it is right on both sides of a DST change.
 * A wall time skipped by a spring-forward maps to the instant one offset-change later.
 */
export function zonedWallTimeToUtcMs(date: LocalDate, minuteOfDay: number, timeZone: string): number {
  const wallAsUtc = Date.UTC(date.year, date.month - 1, date.day, 0, minuteOfDay);
  const firstGuess = wallAsUtc - zoneOffsetMs(wallAsUtc, timeZone);
  const offsetThen = zoneOffsetMs(firstGuess, timeZone);
  return wallAsUtc - offsetThen;
}

/** The calendar date `days` after `date`, and its weekday. */
export function addDays(date: LocalDate, days: number): LocalDate & { weekday: Weekday } {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  // getUTCDay: 0 = Sunday; weekdays starts on Monday.
  const weekday = weekdays[(shifted.getUTCDay() + 6) % 7]!;
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    weekday,
  };
}

/** `22:00` → 1320. Assumes the schema already checked the `HH:MM` shape. */
export function minuteOfDayFrom(hhmm: string): number {
  const [hours, minutes] = hhmm.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

/** 1320 → `22:00`. */
export function hhmmFrom(minuteOfDay: number): string {
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${pad(Math.floor(minuteOfDay / 60))}:${pad(minuteOfDay % 60)}`;
}

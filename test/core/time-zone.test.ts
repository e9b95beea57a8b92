import { describe, expect, it } from 'vitest';
import {
  addDays,
  assertTimeZone,
  hhmmFrom,
  minuteOfDayFrom,
  zonedTimeOf,
  zonedWallTimeToUtcMs,
  zoneOffsetMs,
} from '../../src/core/time-zone.ts';
import { ConfigError } from '../../src/errors.ts';

const hour = 3_600_000;

describe('Function: zonedTimeOf', () => {
  it.each([
    {
      iso: '2025-01-09T22:00:00Z',
      zone: 'UTC',
      expected: { year: 2025, month: 1, day: 9, weekday: 'thu', minuteOfDay: 1320 },
    },
    {
      iso: '2025-01-10T03:00:00Z',
      zone: 'America/New_York',
      expected: { year: 2025, month: 1, day: 9, weekday: 'thu', minuteOfDay: 1320 },
    },
    {
      iso: '2025-07-10T02:00:00Z',
      zone: 'America/New_York',
      expected: { year: 2025, month: 7, day: 9, weekday: 'wed', minuteOfDay: 1320 },
    },
    {
      iso: '2025-01-09T15:00:00Z',
      zone: 'Asia/Kolkata',
      expected: { year: 2025, month: 1, day: 9, weekday: 'thu', minuteOfDay: 1230 },
    },
    {
      iso: '2024-12-31T23:59:59Z',
      zone: 'Asia/Tokyo',
      expected: { year: 2025, month: 1, day: 1, weekday: 'wed', minuteOfDay: 539 },
    },
    {
      iso: '2025-01-06T00:00:00Z',
      zone: 'UTC',
      expected: { year: 2025, month: 1, day: 6, weekday: 'mon', minuteOfDay: 0 },
    },
  ])('$iso in $zone is $expected.weekday minute $expected.minuteOfDay', ({ iso, zone, expected }) => {
    expect(zonedTimeOf(Date.parse(iso), zone)).toEqual(expected);
  });
});

describe('Function: zoneOffsetMs', () => {
  it.each([
    { iso: '2025-01-09T12:00:00Z', zone: 'UTC', offset: 0 },
    { iso: '2025-01-09T12:00:00Z', zone: 'America/New_York', offset: -5 * hour },
    { iso: '2025-07-09T12:00:00Z', zone: 'America/New_York', offset: -4 * hour },
    { iso: '2025-07-09T12:00:00Z', zone: 'Europe/London', offset: hour },
    { iso: '2025-01-09T12:00:00Z', zone: 'Asia/Kolkata', offset: 5.5 * hour },
  ])('$zone at $iso is $offset ms', ({ iso, zone, offset }) => {
    expect(zoneOffsetMs(Date.parse(iso), zone)).toBe(offset);
  });
});

describe('Function: zonedWallTimeToUtcMs', () => {
  it.each([
    { date: { year: 2025, month: 1, day: 9 }, time: '22:00', zone: 'UTC', iso: '2025-01-09T22:00:00.000Z' },
    {
      date: { year: 2025, month: 1, day: 9 },
      time: '22:00',
      zone: 'America/New_York',
      iso: '2025-01-10T03:00:00.000Z',
    },
    {
      date: { year: 2025, month: 3, day: 13 },
      time: '22:00',
      zone: 'America/New_York',
      iso: '2025-03-14T02:00:00.000Z',
    },
    // the day clocks spring forward: 01:30 still EST, 03:30 already EDT
    {
      date: { year: 2025, month: 3, day: 9 },
      time: '01:30',
      zone: 'America/New_York',
      iso: '2025-03-09T06:30:00.000Z',
    },
    {
      date: { year: 2025, month: 3, day: 9 },
      time: '03:30',
      zone: 'America/New_York',
      iso: '2025-03-09T07:30:00.000Z',
    },
    {
      date: { year: 2025, month: 10, day: 26 },
      time: '22:00',
      zone: 'Europe/London',
      iso: '2025-10-26T22:00:00.000Z',
    },
    {
      date: { year: 2025, month: 10, day: 23 },
      time: '22:00',
      zone: 'Europe/London',
      iso: '2025-10-23T21:00:00.000Z',
    },
    {
      date: { year: 2025, month: 1, day: 9 },
      time: '00:00',
      zone: 'Asia/Tokyo',
      iso: '2025-01-08T15:00:00.000Z',
    },
  ])('$date.year-$date.month-$date.day $time in $zone is $iso', ({ date, time, zone, iso }) => {
    expect(new Date(zonedWallTimeToUtcMs(date, minuteOfDayFrom(time), zone)).toISOString()).toBe(iso);
  });
});

describe('Function: addDays', () => {
  it.each([
    {
      from: { year: 2025, month: 1, day: 9 },
      days: 0,
      expected: { year: 2025, month: 1, day: 9, weekday: 'thu' },
    },
    {
      from: { year: 2025, month: 1, day: 31 },
      days: 1,
      expected: { year: 2025, month: 2, day: 1, weekday: 'sat' },
    },
    {
      from: { year: 2024, month: 12, day: 31 },
      days: 1,
      expected: { year: 2025, month: 1, day: 1, weekday: 'wed' },
    },
    {
      from: { year: 2024, month: 2, day: 28 },
      days: 1,
      expected: { year: 2024, month: 2, day: 29, weekday: 'thu' },
    },
    {
      from: { year: 2025, month: 1, day: 9 },
      days: 14,
      expected: { year: 2025, month: 1, day: 23, weekday: 'thu' },
    },
  ])('$from + $days days is $expected', ({ from, days, expected }) => {
    expect(addDays(from, days)).toEqual(expected);
  });
});

describe('Function: assertTimeZone', () => {
  it.each(['UTC', 'Europe/London', 'America/New_York'])('accepts %s', (zone) => {
    expect(() => assertTimeZone(zone)).not.toThrow();
  });

  it.each(['Mars/Base', 'EST5EDT7', ''])('fails with ConfigError for "%s"', (zone) => {
    expect(() => assertTimeZone(zone)).toThrow(ConfigError);
  });
});

describe('Functions: minuteOfDayFrom / hhmmFrom', () => {
  it.each([
    { hhmm: '00:00', minute: 0 },
    { hhmm: '06:05', minute: 365 },
    { hhmm: '22:00', minute: 1320 },
    { hhmm: '23:59', minute: 1439 },
  ])('$hhmm is minute $minute and back', ({ hhmm, minute }) => {
    expect(minuteOfDayFrom(hhmm)).toBe(minute);
    expect(hhmmFrom(minute)).toBe(hhmm);
  });
});

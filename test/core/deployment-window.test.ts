import { describe, expect, it } from 'vitest';
import { nextAllowedAt, validateWindows } from '../../src/core/deployment-window.ts';
import { seed000Windows } from '../../src/core/presets.ts';
import { describeRecurring, isOpenAt } from '../../src/core/recurring-window.ts';
import type { RecurringWindow, Windows } from '../../src/schema/config.ts';

const at = (iso: string): number => Date.parse(iso);

describe('Function: isOpenAt', () => {
  const overnight: RecurringWindow[] = [{ days: ['fri'], start: '23:30', durationMinutes: 60 }];
  const weekend: RecurringWindow[] = [{ days: ['sat'], start: '00:00', durationMinutes: 2 * 24 * 60 }];
  const wholeWeek: RecurringWindow[] = [{ days: ['mon'], start: '00:00', durationMinutes: 7 * 24 * 60 }];
  const twoWindows: RecurringWindow[] = [
    { days: ['tue'], start: '09:00', durationMinutes: 30 },
    { days: ['thu'], start: '14:00', durationMinutes: 30 },
  ];

  // 2025-01-10 is a Friday
  it.each([
    { name: 'overnight, just before', list: overnight, iso: '2025-01-10T23:29:00Z', open: false },
    { name: 'overnight, at its start', list: overnight, iso: '2025-01-10T23:30:00Z', open: true },
    { name: 'overnight, after midnight', list: overnight, iso: '2025-01-11T00:29:59Z', open: true },
    { name: 'overnight, at its end', list: overnight, iso: '2025-01-11T00:30:00Z', open: false },
    { name: 'weekend, Sunday night', list: weekend, iso: '2025-01-12T23:59:00Z', open: true },
    { name: 'weekend, Monday', list: weekend, iso: '2025-01-13T00:00:00Z', open: false },
    { name: 'two windows, the second', list: twoWindows, iso: '2025-01-09T14:10:00Z', open: true },
    { name: 'two windows, neither', list: twoWindows, iso: '2025-01-09T09:10:00Z', open: false },
    {
      name: 'a whole week',
      list: wholeWeek,
      iso: '2025-01-09T09:10:00Z',
      open: true,
    },
  ] as const)('$name: open $open', ({ list, iso, open }) => {
    expect(isOpenAt(list, 'UTC', at(iso))).toBe(open);
  });
});

describe('Function: describeRecurring', () => {
  it('reads like the seed', () => {
    expect(describeRecurring(seed000Windows.named['planned-maintenance']!)).toBe('thu 22:00 for 2 h');
    expect(describeRecurring(seed000Windows.named['low-traffic']!)).toBe('daily 22:00 for 8 h');
    expect(
      describeRecurring([
        { days: ['tue', 'thu'], start: '09:00', durationMinutes: 90 },
        { days: ['sat'], start: '06:00', durationMinutes: 45 },
      ]),
    ).toBe('tue,thu 09:00 for 1 h 30 min and sat 06:00 for 45 min');
  });
});

describe('Function: nextAllowedAt', () => {
  it.each([
    { releaseType: 'major', now: '2025-01-09T21:00:00Z', next: '2025-01-09T22:00:00.000Z' },
    { releaseType: 'major', now: '2025-01-09T22:00:00Z', next: '2025-01-09T22:00:00.000Z' },
    { releaseType: 'major', now: '2025-01-10T00:00:00Z', next: '2025-01-16T22:00:00.000Z' },
    { releaseType: 'minor', now: '2025-01-10T07:00:00Z', next: '2025-01-10T22:00:00.000Z' },
  ] as const)('$releaseType after $now is $next', ({ releaseType, now, next }) => {
    const found = nextAllowedAt(seed000Windows, releaseType, at(now));
    expect(found === null ? null : new Date(found).toISOString()).toBe(next);
  });
});

describe('Function: validateWindows', () => {
  it('accepts the seed 000 windows', () => {
    expect(validateWindows(seed000Windows, {})).toEqual([]);
  });

  it('lists every problem the schema cannot see', () => {
    // Prepare
    const windows: Windows = {
      timeZone: 'Nowhere/Special',
      named: {},
      byReleaseType: { major: 'maintenance', patch: 'anytime' },
      freezes: [
        {
          from: '2025-12-20T00:00:00Z',
          to: '2025-12-01T00:00:00Z',
          reason: 'backwards',
          allow: [],
          approvals: [],
        },
      ],
    };
    // Act
    const problems = validateWindows(windows, {});
    // Assess
    expect(problems).toHaveLength(3);
    expect(problems[0]).toContain('"Nowhere/Special" is not an IANA time zone');
    expect(problems[1]).toBe(
      'windows.byReleaseType.major names window "maintenance", which windows.named does not define',
    );
    expect(problems[2]).toBe(
      'windows.freezes[0] ("backwards"): to 2025-12-01T00:00:00Z must be a date-time after from 2025-12-20T00:00:00Z',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { nextAllowedAt } from '../../src/core/deployment-window.ts';
import {
  approvalsThroughFreezes,
  type Freeze,
  freezeProblems,
  freezesAt,
  occurrenceAt,
} from '../../src/core/freezes.ts';
import { evaluatePolicy } from '../../src/core/policy.ts';
import { seed000Approvals, seed000Windows } from '../../src/core/presets.ts';
import { freezeSchema, type Windows } from '../../src/schema/config.ts';
import { parseEnvironmentConfig } from '../../src/schema/parse-config.ts';
import { stagingConfig } from '../support/fixtures.ts';

const at = (iso: string): number => Date.parse(iso);
const iso = (ms: number | null | undefined): string | null =>
  ms == null ? null : new Date(ms).toISOString();

// 2025-01-07 is a Tuesday; Europe/London moves to BST at 01:00 UTC on 2025-03-30 (a Sunday).
const codeFreeze: Freeze = {
  weekly: { days: ['tue'], start: '17:00', durationMinutes: 53 * 60 },
  reason: 'code freeze',
  allow: ['hotfix'],
  approvals: [],
};
const acrossTheWeekEnd: Freeze = {
  weekly: { days: ['sun'], start: '22:00', durationMinutes: 4 * 60 },
  reason: 'batch',
  allow: [],
  approvals: [],
};
const saturdayToSunday: Freeze = {
  weekly: { days: ['sat'], start: '20:00', durationMinutes: 24 * 60 },
  reason: 'weekend',
  allow: [],
  approvals: [],
};
const holidays: Freeze = {
  yearly: { from: '12-20', through: '01-02' },
  reason: 'holidays',
  allow: ['hotfix'],
  approvals: [{ role: 'executive', count: 1 }],
};
const july: Freeze = {
  yearly: { from: '07-01', through: '07-31' },
  reason: 'audit',
  allow: [],
  approvals: [],
};
const fixed: Freeze = {
  from: '2025-06-01T00:00:00Z',
  to: '2025-06-02T00:00:00Z',
  reason: 'db upgrade',
  allow: [],
  approvals: [],
};

describe('Function: occurrenceAt', () => {
  it.each([
    {
      name: 'weekly, a minute before',
      freeze: codeFreeze,
      tz: 'Europe/London',
      now: '2025-01-07T16:59:00Z',
      span: null,
    },
    {
      name: 'weekly, at its start',
      freeze: codeFreeze,
      tz: 'Europe/London',
      now: '2025-01-07T17:00:00Z',
      span: ['2025-01-07T17:00:00.000Z', '2025-01-09T22:00:00.000Z'],
    },
    {
      name: 'weekly, two days in',
      freeze: codeFreeze,
      tz: 'Europe/London',
      now: '2025-01-09T21:59:00Z',
      span: ['2025-01-07T17:00:00.000Z', '2025-01-09T22:00:00.000Z'],
    },
    {
      name: 'weekly, at its end',
      freeze: codeFreeze,
      tz: 'Europe/London',
      now: '2025-01-09T22:00:00Z',
      span: null,
    },
    {
      name: 'weekly, in New York time',
      freeze: codeFreeze,
      tz: 'America/New_York',
      now: '2025-01-07T22:00:00Z',
      span: ['2025-01-07T22:00:00.000Z', '2025-01-10T03:00:00.000Z'],
    },
    {
      name: 'weekly, across the end of the week',
      freeze: acrossTheWeekEnd,
      tz: 'UTC',
      now: '2025-01-13T01:00:00Z',
      span: ['2025-01-12T22:00:00.000Z', '2025-01-13T02:00:00.000Z'],
    },
    {
      name: 'weekly, across the change to summer time: 24 h of wall clock are 23 h',
      freeze: saturdayToSunday,
      tz: 'Europe/London',
      now: '2025-03-30T18:30:00Z',
      span: ['2025-03-29T20:00:00.000Z', '2025-03-30T19:00:00.000Z'],
    },
    {
      name: 'weekly, just after that shorter day',
      freeze: saturdayToSunday,
      tz: 'Europe/London',
      now: '2025-03-30T19:00:00Z',
      span: null,
    },
    {
      name: 'yearly, the evening before',
      freeze: holidays,
      tz: 'America/New_York',
      now: '2025-12-20T04:59:00Z',
      span: null,
    },
    {
      name: 'yearly, its first local minute',
      freeze: holidays,
      tz: 'America/New_York',
      now: '2025-12-20T05:00:00Z',
      span: ['2025-12-20T05:00:00.000Z', '2026-01-03T05:00:00.000Z'],
    },
    {
      name: 'yearly, after the new year: last year’s occurrence',
      freeze: holidays,
      tz: 'America/New_York',
      now: '2026-01-02T12:00:00Z',
      span: ['2025-12-20T05:00:00.000Z', '2026-01-03T05:00:00.000Z'],
    },
    {
      name: 'yearly, the day after through',
      freeze: holidays,
      tz: 'America/New_York',
      now: '2026-01-03T05:00:00Z',
      span: null,
    },
    {
      name: 'yearly, within one year, its last minute',
      freeze: july,
      tz: 'UTC',
      now: '2027-07-31T23:59:00Z',
      span: ['2027-07-01T00:00:00.000Z', '2027-08-01T00:00:00.000Z'],
    },
    {
      name: 'yearly, within one year, after it',
      freeze: july,
      tz: 'UTC',
      now: '2027-08-01T00:00:00Z',
      span: null,
    },
    {
      name: 'fixed',
      freeze: fixed,
      tz: 'Asia/Tokyo',
      now: '2025-06-01T12:00:00Z',
      span: ['2025-06-01T00:00:00.000Z', '2025-06-02T00:00:00.000Z'],
    },
    { name: 'fixed, at its end', freeze: fixed, tz: 'UTC', now: '2025-06-02T00:00:00Z', span: null },
  ] as const)('$name', ({ freeze, tz, now, span }) => {
    const occurrence = occurrenceAt(freeze, tz, at(now));
    expect(occurrence === null ? null : [iso(occurrence.fromMs), iso(occurrence.toMs)]).toEqual(span);
  });
});

describe('Function: freezesAt', () => {
  it('splits the freezes in force by whether they stop the release type', () => {
    const windows: Windows = { ...seed000Windows, freezes: [codeFreeze, holidays, fixed] };
    const { denying, allowing } = freezesAt(windows, 'hotfix', at('2025-12-23T18:00:00Z'));
    expect(denying).toEqual([]);
    expect(allowing.map((occurrence) => occurrence.freeze.reason)).toEqual(['code freeze', 'holidays']);
    expect(freezesAt(windows, 'patch', at('2025-12-23T18:00:00Z')).denying).toHaveLength(2);
  });
});

describe('Function: approvalsThroughFreezes', () => {
  it.each([
    {
      name: 'no freeze: the release type’s own',
      own: [{ role: 'manager', count: 1 }],
      freezes: [],
      want: [{ role: 'manager', count: 1 }],
    },
    {
      name: 'a freeze adds a role and raises a count',
      own: [{ role: 'manager', count: 1 }],
      freezes: [
        [
          { role: 'ciso', count: 1 },
          { role: 'manager', count: 2 },
        ],
      ],
      want: [
        { role: 'manager', count: 2 },
        { role: 'ciso', count: 1 },
      ],
    },
    {
      name: 'two freezes: the higher count wins, never the sum',
      own: [],
      freezes: [[{ role: 'executive', count: 1 }], [{ role: 'executive', count: 1 }]],
      want: [{ role: 'executive', count: 1 }],
    },
  ])('$name', ({ own, freezes, want }) => {
    const allowing = freezes.map((approvals) => ({
      freeze: { ...holidays, approvals },
      fromMs: 0,
      toMs: 1,
    }));
    expect(approvalsThroughFreezes(own, allowing)).toEqual(want);
  });
});

describe('Function: freezeProblems', () => {
  const windowsWith = (...freezes: Freeze[]): Windows => ({ ...seed000Windows, freezes });

  it.each([
    { name: 'a hotfix with its own approvals', freeze: codeFreeze, approvals: seed000Approvals, problems: 0 },
    { name: 'a hotfix approved through the freeze', freeze: holidays, approvals: {}, problems: 0 },
    { name: 'a freeze that allows nothing', freeze: july, approvals: {}, problems: 0 },
  ])('accepts $name', ({ freeze, approvals, problems }) => {
    expect(freezeProblems(windowsWith(freeze), approvals)).toHaveLength(problems);
  });

  it('refuses a freeze that lets a release through with no approval, and says how to fix it', () => {
    expect(freezeProblems(windowsWith(codeFreeze), {})).toEqual([
      'windows.freezes[0] ("code freeze") lets hotfix releases through with no approval: a freeze may be passed only with approvals; set approvals.hotfix, or the freeze\'s own approvals, or take hotfix out of its allow list',
    ]);
  });

  it('refuses a fixed freeze that ends before it starts', () => {
    const backwards = { ...fixed, from: '2025-06-02T00:00:00Z', to: '2025-06-01T00:00:00Z' };
    expect(freezeProblems(windowsWith(backwards), {})).toEqual([
      'windows.freezes[0] ("db upgrade"): to 2025-06-01T00:00:00Z must be a date-time after from 2025-06-02T00:00:00Z',
    ]);
  });
});

describe('Schema: freezeSchema', () => {
  it.each([
    {
      name: 'a weekly start that is not a time',
      value: { weekly: { days: ['tue'], start: '25:00', durationMinutes: 60 }, reason: 'x' },
      message: 'expected a 24-hour time such as 22:00',
    },
    {
      name: '02-29, which most years lack',
      value: { yearly: { from: '02-29', through: '03-01' }, reason: 'x' },
      message: 'expected a day that every year has (02-29 is not one: use 02-28 or 03-01)',
    },
    {
      name: 'a day no month has',
      value: { yearly: { from: '04-31', through: '05-01' }, reason: 'x' },
      message: 'expected a day that every year has (02-29 is not one: use 02-28 or 03-01)',
    },
    {
      name: 'two schedules at once',
      value: {
        weekly: { days: ['tue'], start: '17:00', durationMinutes: 60 },
        to: '2025-01-01T00:00:00Z',
        reason: 'x',
      },
      message: 'Unrecognized key: "to"',
    },
    {
      name: 'no schedule',
      value: { reason: 'x' },
      message:
        'expected a freeze with either from and to (date-times), weekly ({ days, start, durationMinutes }) or yearly ({ from, through } as MM-DD), and a reason',
    },
  ])('refuses $name', ({ value, message }) => {
    const result = freezeSchema.safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toContain(message);
  });
});

describe('Function: nextAllowedAt, through recurring freezes (seed 000 with its code freeze)', () => {
  const frozen: Windows = { ...seed000Windows, freezes: [codeFreeze, holidays] };

  it.each([
    // Tuesday 18:00: the nights of Tuesday and Wednesday are frozen; Thursday 22:00 is where it ends.
    { releaseType: 'minor', now: '2025-01-07T18:00:00Z', next: '2025-01-09T22:00:00.000Z' },
    { releaseType: 'patch', now: '2025-01-07T18:00:00Z', next: '2025-01-09T22:00:00.000Z' },
    { releaseType: 'major', now: '2025-01-07T18:00:00Z', next: '2025-01-09T22:00:00.000Z' },
    { releaseType: 'hotfix', now: '2025-01-07T18:00:00Z', next: '2025-01-07T18:00:00.000Z' },
    // The holidays stop the Thursday windows of 25 December and 1 January; the next is 8 January.
    { releaseType: 'major', now: '2025-12-19T00:00:00Z', next: '2026-01-08T22:00:00.000Z' },
    { releaseType: 'patch', now: '2025-12-24T00:00:00Z', next: '2026-01-03T00:00:00.000Z' },
  ] as const)('$releaseType after $now is $next', ({ releaseType, now, next }) => {
    expect(iso(nextAllowedAt(frozen, releaseType, at(now)))).toBe(next);
  });

  it('finds nothing when a yearly freeze leaves no day', () => {
    const allYear: Freeze = {
      yearly: { from: '01-01', through: '12-31' },
      reason: 'retired',
      allow: [],
      approvals: [],
    };
    expect(
      nextAllowedAt({ ...seed000Windows, freezes: [allYear] }, 'patch', at('2025-05-01T00:00:00Z')),
    ).toBeNull();
  });
});

describe('Function: evaluatePolicy, through recurring freezes', () => {
  const config = {
    approvals: seed000Approvals,
    windows: { ...seed000Windows, freezes: [{ ...codeFreeze, approvals: [{ role: 'ciso', count: 2 }] }] },
  };
  const request = (releaseType: 'hotfix' | 'minor') => ({
    service: 'shop',
    environment: 'production',
    version: '1.4.2',
    releaseType,
  });

  it('refuses a minor release during the code freeze, naming this week’s occurrence and the next opening', () => {
    const decision = evaluatePolicy({
      request: request('minor'),
      config,
      nowMs: at('2025-01-07T22:30:00Z'),
      succeededInPromotionSource: null,
    });
    expect(decision.allowed).toBe(false);
    expect(decision.reasons).toEqual([
      'freeze "code freeze" (weekly, tue 17:00 for 53 h) from 2025-01-07T17:00:00.000Z to 2025-01-09T22:00:00.000Z stops minor releases (it allows only hotfix)',
      'the next time a minor release may deploy is 2025-01-09T22:00:00.000Z',
    ]);
  });

  it('lets a hotfix through only with the freeze’s approvals on top of its own', () => {
    const decision = evaluatePolicy({
      request: request('hotfix'),
      config,
      nowMs: at('2025-01-08T10:00:00Z'),
      succeededInPromotionSource: null,
    });
    expect(decision.allowed).toBe(true);
    // seed 000 §4.2: a hotfix takes manager + CISO; the freeze raises the CISO count to 2.
    expect(decision.approvals).toEqual([
      { role: 'manager', count: 1 },
      { role: 'ciso', count: 2 },
    ]);
    expect(decision.reasons).toContain(
      'freeze "code freeze" (weekly, tue 17:00 for 53 h) from 2025-01-07T17:00:00.000Z to 2025-01-09T22:00:00.000Z is in force, but allows hotfix releases with approval from 2 × ciso',
    );
  });
});

describe('Config: a freeze is checked where the config loads', () => {
  it('refuses an environment whose freeze lets hotfixes through unapproved, and says how to fix it', () => {
    const config = stagingConfig({ windows: { freezes: [{ ...codeFreeze }] } });
    expect(() => parseEnvironmentConfig(config, 'staging')).toThrow(
      /the config of staging: windows\.freezes\[0\] \("code freeze"\) lets hotfix releases through with no approval: .*set approvals\.hotfix/,
    );
    expect(() =>
      parseEnvironmentConfig({ ...config, approvals: { hotfix: [{ role: 'manager' }] } }, 'staging'),
    ).not.toThrow();
  });

  it('refuses a window the release types name but nobody defined', () => {
    const config = stagingConfig({ windows: { byReleaseType: { major: 'maintenance' } } });
    expect(() => parseEnvironmentConfig(config, 'staging')).toThrow(
      'windows.byReleaseType.major names window "maintenance", which windows.named does not define',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { announcementSkewMs, checkNotice } from '../../src/core/advance-notice.ts';

const now = Date.parse('2026-01-09T10:00:00Z');
const base = { releaseType: 'minor', environment: 'production', nowMs: now };

describe('checkNotice', () => {
  it.each([
    { noticeSeconds: undefined, announcedAt: undefined, expected: null },
    { noticeSeconds: 0, announcedAt: undefined, expected: null },
  ])('needs nothing without a notice ($noticeSeconds)', ({ noticeSeconds, announcedAt, expected }) => {
    expect(checkNotice({ ...base, noticeSeconds, announcedAt })).toBe(expected);
  });

  it.each([
    // [notice, announcedAt, passed, detail]
    [
      48 * 3600,
      '2026-01-07T10:00:00Z',
      true,
      /announced at 2026-01-07T10:00:00.000Z, 48 h or more before its start, as production requires/,
    ],
    [48 * 3600, '2026-01-07T09:59:59Z', true, /announced at/],
    [
      48 * 3600,
      '2026-01-07T10:00:01Z',
      false,
      /announced at 2026-01-07T10:00:01.000Z, 47 h 59 min ago; it may start at 2026-01-09T10:00:01.000Z/,
    ],
    [
      48 * 3600,
      '2026-01-08T10:00:00Z',
      false,
      /at least 48 h before they start \(notice\.minor\): this one was announced at 2026-01-08T10:00:00.000Z, 24 h ago; it may start at 2026-01-10T10:00:00.000Z/,
    ],
    [3600, '2026-01-09T10:00:00+01:00', true, /announced at 2026-01-09T09:00:00.000Z/],
    [3600, '2026-01-09T11:00:00+01:00', false, /0 s ago; it may start at 2026-01-09T11:00:00.000Z/],
    [
      3600,
      undefined,
      false,
      /notice\.minor\): announce this one and send the time in the request's announcedAt/,
    ],
    [3600, '2026-01-09T10:06:00Z', false, /announcedAt 2026-01-09T10:06:00Z is in the future/],
    [3600, 'yesterday', false, /announcedAt "yesterday" is not a date-time/],
  ] as const)('notice %i s, announced %s: passed %s', (noticeSeconds, announcedAt, passed, detail) => {
    // Act
    const check = checkNotice({ ...base, noticeSeconds, announcedAt });

    // Assess
    expect(check?.passed).toBe(passed);
    expect(check?.detail).toMatch(detail);
  });

  it('takes an announcement up to the skew ahead of our clock as now', () => {
    const announcedAt = new Date(now + announcementSkewMs).toISOString();
    expect(checkNotice({ ...base, noticeSeconds: 60, announcedAt })).toMatchObject({ passed: false });
    expect(checkNotice({ ...base, noticeSeconds: 60, announcedAt })?.detail).not.toContain('in the future');
  });
});

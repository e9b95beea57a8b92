import { describe, expect, it } from 'vitest';
import {
  errorRatePercent,
  formatCount,
  formatMs,
  formatOffset,
  formatPercent,
  formatPlan,
  formatRatio,
  formatSeconds,
} from '../../src/report/numbers.ts';

describe('report number formatting', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1000, '1,000'],
    [1_234_567, '1,234,567'],
    [-12_345, '-12,345'],
    [95.4, '95'],
    [Number.NaN, '—'],
  ])('formatCount(%s) is %s', (value, text) => {
    expect(formatCount(value)).toBe(text);
  });

  it.each([
    [null, '—'],
    [0.4, '0.4 s'],
    [19, '19 s'],
    [90, '1 min 30 s'],
    [Number.POSITIVE_INFINITY, '—'],
  ])('formatSeconds(%s) is %s', (value, text) => {
    expect(formatSeconds(value)).toBe(text);
  });

  it.each([
    [null, '—'],
    [4.25, '4.3 ms'],
    [45.2, '45 ms'],
    [1250, '1.25 s'],
  ])('formatMs(%s) is %s', (value, text) => {
    expect(formatMs(value)).toBe(text);
  });

  it.each([
    [20, '20%'],
    [3.14321, '3.1%'],
    [Number.NaN, '—'],
  ])('formatPercent(%s) is %s', (value, text) => {
    expect(formatPercent(value)).toBe(text);
  });

  it.each([
    [0, 't+0s'],
    [90, 't+90s'],
    [71.5, 't+71.5s'],
    [Number.NaN, 't+0s'],
  ])('formatOffset(%s) is %s', (value, text) => {
    expect(formatOffset(value)).toBe(text);
  });

  it.each([
    [107, 95, '×1.1'],
    [1000, 95, '×11'],
    [10, 0, null],
    [10, null, null],
  ])('formatRatio(%s, %s) is %s', (measured, minimum, text) => {
    expect(formatRatio(measured, minimum)).toBe(text);
  });

  it.each([
    [5, 25, 20],
    [0, 25, 0],
    [3, 0, null],
    [30, 25, 100],
    [Number.NaN, 25, null],
  ])('errorRatePercent(%s failed of %s) is %s', (failed, requests, rate) => {
    expect(errorRatePercent(failed, requests)).toBe(rate);
  });

  it('formats a plan, leaving out a zero bake', () => {
    expect(
      formatPlan([
        { weightPercent: 10, bakeSeconds: 30 },
        { weightPercent: 100, bakeSeconds: 0 },
      ]),
    ).toBe('10% for 30 s → 100%');
    expect(formatPlan([])).toBe('—');
  });
});

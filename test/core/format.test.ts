import { describe, expect, it } from 'vitest';
import { formatAgainst, formatDuration, formatNumber, isoUtc, plural } from '../../src/core/format.ts';

describe('Function: formatNumber', () => {
  it.each([
    { value: 7.142857, text: '7.14' },
    { value: 5, text: '5' },
    { value: 0.05, text: '0.05' },
    { value: -0.001, text: '0' },
    { value: 2.5, text: '2.5' },
    { value: Number.POSITIVE_INFINITY, text: 'Infinity' },
  ])('$value → $text', ({ value, text }) => {
    expect(formatNumber(value)).toBe(text);
  });
});

describe('Function: formatAgainst', () => {
  it.each([
    { value: 7.1, limit: 5, text: '7.1' },
    { value: 5, limit: 5, text: '5' },
    { value: 5.001, limit: 5, text: '5.001' },
    { value: 4.9999, limit: 5, text: '4.9999' },
    { value: 5.0000001, limit: 5, text: '5.0000001' },
  ])('$value beside $limit → $text', ({ value, limit, text }) => {
    expect(formatAgainst(value, limit)).toBe(text);
  });
});

describe('Function: formatDuration', () => {
  it.each([
    { seconds: 0, text: '0 s' },
    { seconds: 45, text: '45 s' },
    { seconds: 90, text: '1 min 30 s' },
    { seconds: 300, text: '5 min' },
    { seconds: 3600, text: '1 h' },
    { seconds: 7500, text: '2 h 5 min' },
    { seconds: 172_800, text: '48 h' },
    { seconds: 273_600, text: '3 d 4 h' },
    { seconds: -5, text: '0 s' },
  ])('$seconds s → $text', ({ seconds, text }) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe('Functions: plural / isoUtc', () => {
  it.each([
    { count: 0, text: '0 requests' },
    { count: 1, text: '1 request' },
    { count: 2, text: '2 requests' },
  ])('$count → $text', ({ count, text }) => {
    expect(plural(count, 'request')).toBe(text);
  });

  it.each([
    { ms: 0, text: '1970-01-01T00:00:00.000Z' },
    { ms: Number.NaN, text: 'NaN (not a valid time)' },
    { ms: 9e15, text: '9000000000000000 (not a valid time)' },
  ])('$ms → $text', ({ ms, text }) => {
    expect(isoUtc(ms)).toBe(text);
  });
});

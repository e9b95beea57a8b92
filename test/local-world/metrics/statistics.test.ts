import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../../src/errors.ts';
import { nearestRankPercentile, parseStat } from '../../../src/local-world/metrics/statistics.ts';

const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);

describe('statistics', () => {
  describe('Method: nearestRankPercentile', () => {
    it.each([
      [50, 50],
      [90, 90],
      [95, 95],
      [99, 99],
      [99.5, 100],
      [100, 100],
      [0.5, 1],
    ])('p%d of 1..100 is %d', (percent, expected) => {
      expect(nearestRankPercentile(oneToHundred, percent)).toBe(expected);
    });

    it('takes the lower middle value for p50 of an even count', () => {
      expect(nearestRankPercentile([1, 2, 3, 4], 50)).toBe(2);
    });
  });

  describe('Method: parseStat', () => {
    it.each([
      ['Sum', { kind: 'Sum' }],
      ['SampleCount', { kind: 'SampleCount' }],
      ['p95', { kind: 'percentile', percent: 95 }],
      ['p99.9', { kind: 'percentile', percent: 99.9 }],
      ['p100', { kind: 'percentile', percent: 100 }],
    ])('parses %s', (stat, expected) => {
      expect(parseStat(stat)).toEqual(expected);
    });

    it.each(['sum', 'p0', 'p101', 'tm99', '', undefined])('throws naming the bad statistic %s', (stat) => {
      expect(() => parseStat(stat)).toThrow(InvalidRequestError);
      expect(() => parseStat(stat)).toThrow('unsupported statistic');
    });
  });
});

import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../../src/errors.ts';
import { parseMetricMath, referencedIds } from '../../../src/local-world/metrics/metric-math.ts';
import { evaluateMetricMath, type MathValue } from '../../../src/local-world/metrics/metric-math-eval.ts';

const series = (entries: Array<[number, number]>): Map<number, number> => new Map(entries);

function evaluate(text: string, values: Record<string, MathValue>, timestamps: number[] = []): MathValue {
  return evaluateMetricMath(parseMetricMath(text), {
    resolve: (id) => {
      const value = values[id];
      if (value === undefined) throw new Error(`unknown ${id}`);
      return value;
    },
    timestamps,
  });
}

describe('metric-math', () => {
  describe('Method: parseMetricMath', () => {
    it.each([
      ['1 + 2 * 3', 7],
      ['(1 + 2) * 3', 9],
      ['10 / 4 - 1', 1.5],
      ['-2 * -3', 6],
      ['2 - 3 - 4', -5],
      ['8 / 2 / 2', 2],
      ['1.5e2 + .5', 150.5],
      ['+4', 4],
      ['2 > 1', 1],
      ['2 <= 1', 0],
      ['1 + 1 == 2', 1],
      ['3 != 3', 0],
      ['1 > 0 AND 0 > 1', 0],
      ['1 > 0 OR 0 > 1', 1],
      ['1 > 0 && 2 > 1', 1],
      ['0 > 1 || 0 > 2', 0],
      ['NOT 0', 1],
      ['NOT 1 > 0', 0],
      ['1 OR 0 AND 0', 1],
      ['IF(1, 2, 3)', 2],
      ['IF(0, 2, 3)', 3],
    ])('evaluates %s to %d with the usual precedence', (text, expected) => {
      expect(evaluate(text, {})).toBe(expected);
    });

    it.each([
      ['m1 +', 'unexpected end of expression'],
      ['(m1', 'expected ")"'],
      ['m1 m2', 'unexpected trailing input'],
      ['m1 % 2', 'unexpected character "%"'],
      ['RATE(m1)', 'only FILL and IF are'],
      ['IF(m1, 2)', 'takes a condition, a value when true and a value when false'],
      ['FILL(m1)', 'takes a series and a number'],
      ['FILL(m1, m2)', 'takes a series and a number'],
    ])('throws on %s naming the problem', (text, problem) => {
      expect(() => parseMetricMath(text)).toThrow(InvalidRequestError);
      expect(() => parseMetricMath(text)).toThrow(problem);
    });

    it('lists the referenced ids once, in order of use', () => {
      expect(referencedIds(parseMetricMath('100 * FILL(m1, 0) / (m2 + m1)'))).toEqual(['m1', 'm2']);
    });
  });

  describe('Method: evaluateMetricMath', () => {
    it('computes a 5xx rate as 100 * m1 / m2 only where both series have data', () => {
      // Prepare
      const m1 = series([
        [0, 1],
        [60_000, 5],
      ]);
      const m2 = series([
        [0, 50],
        [60_000, 100],
        [120_000, 80],
      ]);
      // Act
      const rate = evaluate('100 * m1 / m2', { m1, m2 });
      // Assess
      expect(rate).toEqual(
        series([
          [0, 2],
          [60_000, 5],
        ]),
      );
    });

    it('FILL gives every period of the range a value', () => {
      const m1 = series([[60_000, 5]]);
      const m2 = series([
        [0, 50],
        [60_000, 100],
      ]);
      expect(evaluate('100 * FILL(m1, 0) / m2', { m1, m2 }, [0, 60_000, 120_000])).toEqual(
        series([
          [0, 0],
          [60_000, 5],
        ]),
      );
    });

    it('drops datapoints whose result is not finite (division by zero)', () => {
      const m1 = series([
        [0, 1],
        [1000, 2],
      ]);
      const m2 = series([
        [0, 0],
        [1000, 4],
      ]);
      expect(evaluate('m1 / m2', { m1, m2 })).toEqual(series([[1000, 0.5]]));
    });

    it('IF picks per datapoint, where the condition has data, and keeps a scalar branch', () => {
      // Prepare: the error-rate expression of Greenlight's alarms.
      const requests = series([
        [0, 0],
        [60_000, 200],
      ]);
      const errors = series([[60_000, 20]]);
      // Act
      const rate = evaluate(
        'IF(requests > 0, 100 * FILL(errors, 0) / requests, 0)',
        { requests, errors },
        [0, 60_000, 120_000],
      );
      // Assess: 0 where there were no requests, 10% where there were, nothing where requests is missing.
      expect(rate).toEqual(
        series([
          [0, 0],
          [60_000, 10],
        ]),
      );
    });

    it('compares two series point by point, giving 1 or 0', () => {
      const mine = series([
        [0, 40],
        [10_000, 10],
      ]);
      const theirs = series([
        [0, 20],
        [10_000, 20],
      ]);
      expect(evaluate('mine > 25 AND theirs > 0', { mine, theirs })).toEqual(
        series([
          [0, 1],
          [10_000, 0],
        ]),
      );
    });

    it('negates a series point by point', () => {
      expect(evaluate('-m1', { m1: series([[0, 3]]) })).toEqual(series([[0, -3]]));
    });
  });
});

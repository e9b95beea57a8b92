import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../../src/errors.ts';
import {
  evaluateMetricMath,
  type MathValue,
  parseMetricMath,
  referencedIds,
} from '../../../src/local-world/metrics/metric-math.ts';

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
    ])('evaluates %s to %d with the usual precedence', (text, expected) => {
      expect(evaluate(text, {})).toBe(expected);
    });

    it.each([
      ['m1 +', 'unexpected end of expression'],
      ['(m1', 'expected ")"'],
      ['m1 m2', 'unexpected trailing input'],
      ['m1 % 2', 'unexpected character "%"'],
      ['RATE(m1)', 'only FILL(id, number)'],
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

    it('negates a series point by point', () => {
      expect(evaluate('-m1', { m1: series([[0, 3]]) })).toEqual(series([[0, -3]]));
    });
  });
});

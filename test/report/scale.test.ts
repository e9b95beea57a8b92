import { describe, expect, it } from 'vitest';
import {
  linearScale,
  niceStep,
  niceTimeStep,
  niceZeroBasedScale,
  ticksUpTo,
} from '../../src/report/scale.ts';

describe('niceStep', () => {
  it.each([
    [100, 5, 20],
    [100, 4, 25],
    [7, 5, 2],
    [46, 4, 20],
    [0.3, 3, 0.1],
    [0, 5, 1],
    [Number.NaN, 5, 1],
    [-10, 5, 1],
  ])('splits %s into at most %s intervals with step %s', (span, maxTicks, step) => {
    expect(niceStep(span, maxTicks)).toBeCloseTo(step, 10);
  });
});

describe('niceTimeStep', () => {
  it.each([
    [120, 10, 15],
    [120, 12, 10],
    [60, 4, 15],
    [3600, 6, 600],
    [7, 10, 1],
    [0, 10, 1],
    [10 * 86_400, 5, 2 * 86_400],
  ])('steps %s s in at most %s ticks by %s s', (span, maxTicks, step) => {
    expect(niceTimeStep(span, maxTicks)).toBe(step);
  });
});

describe('ticksUpTo', () => {
  it.each([
    [100, 25, [0, 25, 50, 75, 100]],
    [0.3, 0.1, [0, 0.1, 0.2, 0.3]],
    [7, 5, [0, 5]],
    [Number.NaN, 5, [0]],
    [10, 0, [0]],
  ])('ticks up to %s by %s', (max, step, ticks) => {
    expect(ticksUpTo(max, step)).toEqual(ticks);
  });
});

describe('niceZeroBasedScale', () => {
  it('rounds the domain up to a nice maximum', () => {
    const scale = niceZeroBasedScale(46, [100, 0], { maxTicks: 4, floor: 10 });

    expect(scale.domain).toEqual([0, 50]);
    expect(scale.ticks).toEqual([0, 25, 50]);
  });

  it.each([
    [24, 4, [0, 10, 20, 30]],
    [52, 4, [0, 20, 40, 60]],
    [5, 4, [0, 2.5, 5]],
  ])('ticks a maximum of %s in at most %s intervals as %j', (dataMax, maxTicks, ticks) => {
    expect(niceZeroBasedScale(dataMax, [100, 0], { maxTicks, floor: 1 }).ticks).toEqual(ticks);
  });

  it.each([0, Number.NaN, Number.NEGATIVE_INFINITY])('falls back to the floor for %s', (dataMax) => {
    expect(niceZeroBasedScale(dataMax, [100, 0], { maxTicks: 4, floor: 5 }).domain).toEqual([0, 5]);
  });

  it('stops at the ceiling', () => {
    expect(niceZeroBasedScale(250, [100, 0], { maxTicks: 4, floor: 5, ceiling: 100 }).domain).toEqual([
      0, 100,
    ]);
  });
});

describe('linearScale', () => {
  it('maps the domain onto the range and clamps outside it', () => {
    const scale = linearScale([0, 10], [100, 200], []);

    expect([scale.at(0), scale.at(5), scale.at(10), scale.at(-3), scale.at(30)]).toEqual([
      100, 150, 200, 100, 200,
    ]);
  });

  it.each([
    ['a zero-width domain', [5, 5] as const, 1],
    ['a non-finite value', [0, 10] as const, Number.NaN],
  ])('maps %s to the start of the range', (_name, domain, value) => {
    expect(linearScale(domain, [100, 200], []).at(value)).toBe(100);
  });
});

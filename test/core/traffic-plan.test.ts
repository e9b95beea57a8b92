import { describe, expect, it } from 'vitest';
import {
  estimatePlanSeconds,
  nextTrafficStep,
  parsePlanSpec,
  validateTrafficPlan,
} from '../../src/core/traffic-plan.ts';
import { ConfigError, InvalidRequestError } from '../../src/errors.ts';
import type { TrafficStep } from '../../src/schema/config.ts';

/** `plan(10, 50, 100)`: steps with 300 s bakes. */
const plan = (...weights: number[]): TrafficStep[] =>
  weights.map((weightPercent) => ({ weightPercent, bakeSeconds: 300 }));

describe('Function: validateTrafficPlan', () => {
  it.each([
    { name: 'seed 003 plan', steps: plan(10, 50, 100) },
    { name: 'a single step straight to 100', steps: plan(100) },
    { name: 'a plan starting at 0 (dark launch)', steps: plan(0, 100) },
    { name: 'the shortest bake', steps: [{ weightPercent: 100, bakeSeconds: 1 }] },
  ])('accepts $name', ({ steps }) => {
    expect(validateTrafficPlan(steps)).toEqual({ ok: true });
  });

  it.each([
    {
      name: 'an empty plan',
      steps: [],
      problems: [
        'the traffic plan has no steps; give at least one, ending at 100, e.g. 10,50,100 (green takes 10%, then 50%, then all traffic)',
      ],
    },
    {
      name: 'a repeated weight',
      steps: plan(10, 10, 100),
      problems: ["step 2: weight 10 is not above step 1's 10; weights must strictly increase"],
    },
    {
      name: 'a decreasing weight',
      steps: plan(50, 20, 100),
      problems: ["step 2: weight 20 is not above step 1's 50; weights must strictly increase"],
    },
    {
      name: 'a plan that stops short of 100',
      steps: plan(10, 50, 90),
      problems: ['step 3: the last weight is 90; the plan must end at 100 so green takes all traffic'],
    },
    {
      name: 'a weight over 100',
      steps: plan(10, 101),
      problems: [
        'step 2: weight 101 is not a whole-number percentage from 0 to 100',
        'step 2: the last weight is 101; the plan must end at 100 so green takes all traffic',
      ],
    },
    {
      name: 'a fractional and a negative weight',
      steps: plan(-1, 12.5, 100),
      problems: [
        'step 1: weight -1 is not a whole-number percentage from 0 to 100',
        'step 2: weight 12.5 is not a whole-number percentage from 0 to 100',
      ],
    },
    {
      name: 'a zero and a fractional bake',
      steps: [
        { weightPercent: 10, bakeSeconds: 0 },
        { weightPercent: 100, bakeSeconds: 1.5 },
      ],
      problems: [
        'step 1: bakeSeconds 0 is not a whole number of seconds, at least 1',
        'step 2: bakeSeconds 1.5 is not a whole number of seconds, at least 1',
      ],
    },
  ])('lists every problem of $name, naming step and value', ({ steps, problems }) => {
    expect(validateTrafficPlan(steps)).toEqual({ ok: false, problems });
  });
});

describe('Function: nextTrafficStep', () => {
  const seed003 = plan(10, 50, 100);

  it.each([
    { currentIndex: -1, expected: { index: 0, weightPercent: 10, bakeSeconds: 300, isFinal: false } },
    { currentIndex: 0, expected: { index: 1, weightPercent: 50, bakeSeconds: 300, isFinal: false } },
    { currentIndex: 1, expected: { index: 2, weightPercent: 100, bakeSeconds: 300, isFinal: true } },
  ])('after index $currentIndex returns step $expected.index', ({ currentIndex, expected }) => {
    expect(nextTrafficStep(seed003, currentIndex)).toEqual(expected);
  });

  it('marks the only step of a one-step plan as final', () => {
    expect(nextTrafficStep(plan(100), -1)).toEqual({
      index: 0,
      weightPercent: 100,
      bakeSeconds: 300,
      isFinal: true,
    });
  });

  it.each([
    {
      name: 'after the final step',
      steps: seed003,
      currentIndex: 2,
      message: /no traffic step after step 3 of 3/,
    },
    {
      name: 'for an index past the end',
      steps: seed003,
      currentIndex: 7,
      message: /index 7 is outside the plan of 3/,
    },
    { name: 'for an index before -1', steps: seed003, currentIndex: -2, message: /index -2 is outside/ },
    { name: 'for a fractional index', steps: seed003, currentIndex: 0.5, message: /index 0.5 is outside/ },
    { name: 'for an empty plan', steps: [], currentIndex: -1, message: /no steps/ },
  ])('throws ConfigError $name', ({ steps, currentIndex, message }) => {
    expect(() => nextTrafficStep(steps, currentIndex)).toThrow(ConfigError);
    expect(() => nextTrafficStep(steps, currentIndex)).toThrow(message);
  });
});

describe('Function: parsePlanSpec', () => {
  it.each([
    { spec: '10,50,100', weights: [10, 50, 100] },
    { spec: ' 10 , 50 , 100 ', weights: [10, 50, 100] },
    { spec: '10%,50%,100%', weights: [10, 50, 100] },
    { spec: '100', weights: [100] },
  ])('parses "$spec"', ({ spec, weights }) => {
    expect(parsePlanSpec(spec, 60)).toEqual(
      weights.map((weightPercent) => ({ weightPercent, bakeSeconds: 60 })),
    );
  });

  it.each([
    { spec: '10,abc,100', message: 'token 2 is "abc", not a whole-number percentage' },
    { spec: '10,,100', message: 'token 2 is an empty weight' },
    { spec: '', message: 'token 1 is an empty weight' },
    { spec: '10.5,100', message: 'token 1 is "10.5"' },
    { spec: '-10,100', message: 'token 1 is "-10"' },
  ])('throws InvalidRequestError naming the bad token of "$spec"', ({ spec, message }) => {
    expect(() => parsePlanSpec(spec, 60)).toThrow(InvalidRequestError);
    expect(() => parsePlanSpec(spec, 60)).toThrow(message);
  });

  it.each([
    { spec: '50,10,100', bakeSeconds: 60, issue: "step 2: weight 10 is not above step 1's 50" },
    { spec: '10,50', bakeSeconds: 60, issue: 'step 2: the last weight is 50' },
    { spec: '10,100', bakeSeconds: 0, issue: 'step 1: bakeSeconds 0' },
    { spec: '10,500', bakeSeconds: 60, issue: 'step 2: weight 500' },
  ])('throws InvalidRequestError listing the plan problems of "$spec"', ({ spec, bakeSeconds, issue }) => {
    // Prepare / Act
    let caught: unknown;
    try {
      parsePlanSpec(spec, bakeSeconds);
    } catch (error) {
      caught = error;
    }
    // Assess
    expect(caught).toBeInstanceOf(InvalidRequestError);
    const error = caught as InvalidRequestError;
    expect(error.message).toContain(`traffic plan "${spec}"`);
    expect(error.issues.some((text) => text.startsWith(issue))).toBe(true);
  });
});

describe('Function: estimatePlanSeconds', () => {
  it.each([
    { steps: plan(10, 50, 100), seconds: 900 },
    { steps: [{ weightPercent: 100, bakeSeconds: 1 }], seconds: 1 },
    { steps: [], seconds: 0 },
    {
      steps: [
        { weightPercent: 5, bakeSeconds: 60 },
        { weightPercent: 100, bakeSeconds: 3600 },
      ],
      seconds: 3660,
    },
  ])('sums the bakes to $seconds s', ({ steps, seconds }) => {
    expect(estimatePlanSeconds(steps)).toBe(seconds);
  });
});

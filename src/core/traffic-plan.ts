/**
 * The traffic plan: the weights green takes, one step at a time, and how long each bakes.
 * Seed 003 runs 10% → 50% → 100% with 5-minute bakes (`seed003TrafficPlan` in presets.ts).
 */
import { ConfigError, InvalidRequestError } from '../errors.ts';
import type { TrafficStep } from '../schema/config.ts';

/** Outcome of {@link validateTrafficPlan}: every problem names the step (1-based) and the value. */
export type TrafficPlanValidation = { ok: true } | { ok: false; problems: string[] };

/** The step the workflow moves to next, as {@link nextTrafficStep} returns it. */
export interface NextTrafficStep {
  /** 0-based index into the plan; the ASL passes it back as `currentIndex`. */
  index: number;
  weightPercent: number;
  bakeSeconds: number;
  /** True for the last step (100%): after its bake the workflow promotes green. */
  isFinal: boolean;
}

/** An example shown in error messages, so every message carries the fix. */
const examplePlan = 'e.g. 10,50,100 (green takes 10%, then 50%, then all traffic)';

/**
 * Checks a traffic plan and lists every problem at once (not just the first):
 * at least one step; weights are whole numbers from 0 to 100 that strictly increase and end
 * at 100; each bake is a whole number of seconds, at least 1.
 *
 * @example
 * validateTrafficPlan([{ weightPercent: 10, bakeSeconds: 300 }, { weightPercent: 10, bakeSeconds: 300 }])
 * // → { ok: false, problems: [
 * //   "step 2: weight 10 is not above step 1's 10; weights must strictly increase",
 * //   'step 2: the last weight is 10; the plan must end at 100 so green takes all traffic' ] }
 */
export function validateTrafficPlan(steps: readonly TrafficStep[]): TrafficPlanValidation {
  if (steps.length === 0) {
    return {
      ok: false,
      problems: [`the traffic plan has no steps; give at least one, ending at 100, ${examplePlan}`],
    };
  }
  const problems: string[] = [];
  steps.forEach((step, i) => {
    const n = i + 1;
    const weight = step.weightPercent;
    const weightIsValid = Number.isInteger(weight) && weight >= 0 && weight <= 100;
    if (!weightIsValid) {
      problems.push(`step ${n}: weight ${weight} is not a whole-number percentage from 0 to 100`);
    }
    const previous = steps[i - 1];
    if (weightIsValid && previous !== undefined && weight <= previous.weightPercent) {
      problems.push(
        `step ${n}: weight ${weight} is not above step ${i}'s ${previous.weightPercent}; weights must strictly increase`,
      );
    }
    if (!Number.isInteger(step.bakeSeconds) || step.bakeSeconds < 1) {
      problems.push(
        `step ${n}: bakeSeconds ${step.bakeSeconds} is not a whole number of seconds, at least 1`,
      );
    }
  });
  const last = steps[steps.length - 1]!;
  if (last.weightPercent !== 100) {
    problems.push(
      `step ${steps.length}: the last weight is ${last.weightPercent}; the plan must end at 100 so green takes all traffic`,
    );
  }
  return problems.length === 0 ? { ok: true } : { ok: false, problems };
}

/**
 * The step after `currentIndex` (`-1` means no step has run yet, so the first step comes
 * next). The ASL loop calls this after each bake and stops when `isFinal` was true.
 *
 * @throws ConfigError when `currentIndex` is the last step or is not an index of the plan.
 */
export function nextTrafficStep(plan: readonly TrafficStep[], currentIndex: number): NextTrafficStep {
  const lastIndex = plan.length - 1;
  if (plan.length === 0) {
    throw new ConfigError(`the traffic plan has no steps; give at least one, ending at 100, ${examplePlan}`);
  }
  if (!Number.isInteger(currentIndex) || currentIndex < -1 || currentIndex > lastIndex) {
    throw new ConfigError(
      `traffic step index ${currentIndex} is outside the plan of ${plan.length} step(s); ` +
        `expected -1 (before the first step) up to ${lastIndex - 1}`,
    );
  }
  const index = currentIndex + 1;
  const step = plan[index];
  if (step === undefined) {
    throw new ConfigError(
      `there is no traffic step after step ${currentIndex + 1} of ${plan.length}: that was the final step; promote green instead`,
    );
  }
  return {
    index,
    weightPercent: step.weightPercent,
    bakeSeconds: step.bakeSeconds,
    isFinal: index === lastIndex,
  };
}

/**
 * Parses a CLI plan such as `"10,50,100"` (a trailing `%` per weight is accepted, spaces
 * are ignored) into steps that all bake for `bakeSeconds`, then validates the result.
 *
 * @throws InvalidRequestError naming the bad token, or listing the plan's problems in `issues`.
 */
export function parsePlanSpec(spec: string, bakeSeconds: number): TrafficStep[] {
  const tokens = spec.split(',').map((token) => token.trim());
  const steps = tokens.map((token, i): TrafficStep => {
    const match = /^(\d{1,3})%?$/.exec(token);
    if (match === null) {
      const shown = token === '' ? 'an empty weight' : `"${token}"`;
      throw new InvalidRequestError(
        `traffic plan "${spec}": token ${i + 1} is ${shown}, not a whole-number percentage; ${examplePlan}`,
        [`token ${i + 1}: ${shown}`],
      );
    }
    return { weightPercent: Number(match[1]), bakeSeconds };
  });
  const validation = validateTrafficPlan(steps);
  if (!validation.ok) {
    throw new InvalidRequestError(
      `traffic plan "${spec}" with ${bakeSeconds} s bakes is invalid: ${validation.problems.join('; ')}`,
      validation.problems,
    );
  }
  return steps;
}

/** How long the plan bakes in total: the sum of every step's `bakeSeconds`. */
export function estimatePlanSeconds(plan: readonly TrafficStep[]): number {
  return plan.reduce((total, step) => total + step.bakeSeconds, 0);
}

/**
 * Listener weights as the ALB takes them (integers 0–999 per target group, not both 0), and
 * the pure choice of a target for each request.
 */
import { InvalidRequestError } from '../../errors.ts';
import type { Colour } from '../../ports/colour.ts';

/** ALB forward-action weights, integers 0–999; the share of a colour is its weight / sum. */
export interface RouterWeights {
  readonly blue: number;
  readonly green: number;
}

/** Throws InvalidRequestError naming the bad weights, as ModifyListener would refuse them. */
export function validateWeights(weights: RouterWeights): void {
  const bad = (['blue', 'green'] as const).filter((colour) => {
    const value = weights?.[colour];
    return !Number.isInteger(value) || value < 0 || value > 999;
  });
  if (bad.length > 0) {
    throw new InvalidRequestError(
      `listener weights must be integers from 0 to 999; got ${JSON.stringify(weights)} (bad: ${bad.join(', ')}). Example: { blue: 90, green: 10 }`,
    );
  }
  if (weights.blue + weights.green === 0) {
    throw new InvalidRequestError(
      'listener weights cannot both be 0: the listener would have nowhere to send traffic. Example: { blue: 100, green: 0 }',
    );
  }
}

/** Picks the colour for the next request. */
export type TargetPicker = () => Colour;

/**
 * Smooth weighted round-robin (nginx's): deterministic, and over any `blue + green`
 * consecutive picks each colour gets exactly its weight, spread out rather than in runs.
 * Each pick: add each weight to its running score, take the highest score, subtract the total
 * from the winner. E.g. 3:1 gives blue, blue, green, blue, …
 */
export function smoothRoundRobin(weights: RouterWeights): TargetPicker {
  const score = { blue: 0, green: 0 };
  const total = weights.blue + weights.green;
  return () => {
    score.blue += weights.blue;
    score.green += weights.green;
    const chosen: Colour = score.green > score.blue ? 'green' : 'blue';
    score[chosen] -= total;
    return chosen;
  };
}

/**
 * What to do with a deployment whose execution ended without closing it: stopped by an operator
 * (StopExecution), timed out as a whole, or failed where no Catch could run. Its traffic may be
 * split, its lock held and its record "running". Pure: given the live colour and fresh health of
 * both colours, it says where all traffic goes, and whether the lock can be let go.
 */
import { type Colour, otherColour } from '../ports/colour.ts';
import type { TargetHealth } from '../ports/traffic-router.ts';

export type ReconcileDecision =
  | { readonly action: 'route'; readonly colour: Colour; readonly page: boolean; readonly reason: string }
  | { readonly action: 'keep-lock'; readonly page: true; readonly reason: string };

const serves = (health: TargetHealth): boolean => health.healthy > 0;

export function decideReconcile(input: {
  readonly liveColour: Colour;
  readonly health: Readonly<Record<Colour, TargetHealth>>;
}): ReconcileDecision {
  const live = input.liveColour;
  const other = otherColour(live);
  const describe = (colour: Colour) =>
    `${colour} has ${input.health[colour].healthy} healthy and ${input.health[colour].unhealthy} unhealthy targets`;
  if (serves(input.health[live])) {
    return {
      action: 'route',
      colour: live,
      page: false,
      reason: `all traffic back on the live colour, ${live}: ${describe(live)}`,
    };
  }
  if (serves(input.health[other])) {
    return {
      action: 'route',
      colour: other,
      page: true,
      reason: `the live colour ${live} does not serve (${describe(live)}), so all traffic goes to ${other}: ${describe(other)}`,
    };
  }
  return {
    action: 'keep-lock',
    page: true,
    reason: `neither colour serves (${describe(live)}; ${describe(other)}): traffic is left as it is and the lock is kept until a person acts`,
  };
}

import { WeightMismatchError } from '../errors.ts';
import type { ListenerWeights } from '../ports/colour.ts';
import type { TrafficRouter } from '../ports/traffic-router.ts';
import type { ServiceBinding } from '../schema/config.ts';

/**
 * Sets the listener's weights and reads them back. A listener that does not hold what we set
 * (a concurrent edit, a partial update) is a failure, never a silent success.
 */
export async function setAndVerifyWeights(
  router: TrafficRouter,
  binding: ServiceBinding,
  weights: ListenerWeights,
): Promise<ListenerWeights> {
  await router.setWeights(binding, weights);
  const readBack = await router.readWeights(binding);
  if (readBack.blue !== weights.blue || readBack.green !== weights.green) {
    throw new WeightMismatchError(
      `listener ${binding.listener} reads blue ${readBack.blue}% / green ${readBack.green}% after we set blue ${weights.blue}% / green ${weights.green}%; something else is editing it`,
    );
  }
  return readBack;
}

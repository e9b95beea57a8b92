import type { Colour, ListenerWeights } from '../../ports/colour.ts';
import type { TargetHealth, TrafficRouter } from '../../ports/traffic-router.ts';
import type { ServiceBinding } from '../../schema/config.ts';
import type { ServiceRegistry } from './service-registry.ts';

/**
 * The TrafficRouter port over the local weighted routers, one per service. Percent weights are
 * valid ALB weights (0–999 by ratio), so they go through unchanged; reading back converts the
 * ratio to percent, as the ELBv2 adapter does.
 */
export class LocalTrafficRouter implements TrafficRouter {
  constructor(private readonly services: ServiceRegistry) {}

  async setWeights(binding: ServiceBinding, weights: ListenerWeights): Promise<void> {
    await this.services(binding).router.setWeights({ blue: weights.blue, green: weights.green });
  }

  async readWeights(binding: ServiceBinding): Promise<ListenerWeights> {
    const weights = await this.services(binding).router.readWeights();
    const total = weights.blue + weights.green;
    const blue = total === 0 ? 0 : Math.round((weights.blue * 100) / total);
    return { blue, green: total === 0 ? 0 : 100 - blue };
  }

  async pointTestListener(binding: ServiceBinding, colour: Colour): Promise<void> {
    if (binding.testListenerArn === undefined) return;
    this.services(binding).router.setTestListenerColour(colour);
  }

  async testListenerColour(binding: ServiceBinding): Promise<Colour | null> {
    if (binding.testListenerArn === undefined) return null;
    return this.services(binding).router.testListenerColour();
  }

  async targetHealth(binding: ServiceBinding, colour: Colour): Promise<TargetHealth> {
    const service = this.services(binding);
    if (!service.isRegistered(colour))
      return { healthy: 0, unhealthy: 0, details: ['no registered targets'] };
    const health = service.health.health(colour);
    const details: string[] = [];
    if (health.unhealthy > 0)
      details.push(`${health.unhealthy} unhealthy (${health.consecutiveFailures} failed checks in a row)`);
    if (health.initial > 0) details.push(`${health.initial} still initial (not yet judged)`);
    return { healthy: health.healthy, unhealthy: health.unhealthy + health.initial, details };
  }
}

import type { HealthChecker } from '../../local-world/http/health-checker.ts';
import type { Router } from '../../local-world/http/weighted-router.ts';
import type { Colour, ListenerWeights } from '../../ports/colour.ts';
import type { TargetHealth, TrafficRouter } from '../../ports/traffic-router.ts';
import type { ServiceBinding } from '../../schema/config.ts';

/**
 * The TrafficRouter port over the local weighted router. Percent weights are valid ALB weights
 * (0–999 by ratio), so they go through unchanged; reading back converts the ratio to percent, as
 * the ELBv2 adapter does.
 */
export class LocalTrafficRouter implements TrafficRouter {
  constructor(
    private readonly router: Router,
    private readonly health: HealthChecker,
    /** False for a colour scaled to zero: its target group has no registered targets. */
    private readonly isRegistered: (colour: Colour) => boolean,
  ) {}

  async setWeights(_binding: ServiceBinding, weights: ListenerWeights): Promise<void> {
    await this.router.setWeights({ blue: weights.blue, green: weights.green });
  }

  async readWeights(): Promise<ListenerWeights> {
    const weights = await this.router.readWeights();
    const total = weights.blue + weights.green;
    const blue = total === 0 ? 0 : Math.round((weights.blue * 100) / total);
    return { blue, green: total === 0 ? 0 : 100 - blue };
  }

  async targetHealth(_binding: ServiceBinding, colour: Colour): Promise<TargetHealth> {
    if (!this.isRegistered(colour)) return { healthy: 0, unhealthy: 0, details: ['no registered targets'] };
    const health = this.health.health(colour);
    const details: string[] = [];
    if (health.unhealthy > 0)
      details.push(`${health.unhealthy} unhealthy (${health.consecutiveFailures} failed checks in a row)`);
    if (health.initial > 0) details.push(`${health.initial} still initial (not yet judged)`);
    return { healthy: health.healthy, unhealthy: health.unhealthy + health.initial, details };
  }
}

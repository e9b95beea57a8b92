import {
  type Action,
  DescribeListenersCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  ModifyListenerCommand,
  type TargetHealthDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { ConfigError, InvalidRequestError } from '../../errors.ts';
import type { Colour, ListenerWeights } from '../../ports/colour.ts';
import type { TargetHealth, TrafficRouter } from '../../ports/traffic-router.ts';
import type { ServiceBinding } from '../../schema/config.ts';
import { callAws } from './sdk-errors.ts';

/**
 * Percent → ALB weight. ALB forward weights are integers 0–999, relative to each other. Percent values (0–100, summing to 100) are already valid relative ALB
 * weights, so they are written as they are: the listener then reads back exactly what we set.
 */
export function albWeightsFor(weights: ListenerWeights): { blue: number; green: number } {
  const valid = (n: number) => Number.isInteger(n) && n >= 0 && n <= 100;
  if (!valid(weights.blue) || !valid(weights.green) || weights.blue + weights.green !== 100) {
    throw new InvalidRequestError(
      `listener weights must be whole percents adding up to 100, got blue=${weights.blue} green=${weights.green}`,
    );
  }
  return { blue: weights.blue, green: weights.green };
}

/** ALB weights (any scale up to 999) → percent, rounded so that the two add up to 100. */
export function percentFromAlbWeights(blueWeight: number, greenWeight: number): ListenerWeights {
  const total = blueWeight + greenWeight;
  if (total <= 0) return { blue: 0, green: 0 };
  const green = Math.round((greenWeight * 100) / total);
  return { blue: 100 - green, green };
}

/** Reads blue/green weights from a listener's default actions. Pure, exported for tests. */
export function weightsFromActions(actions: readonly Action[], binding: ServiceBinding): ListenerWeights {
  const forward = actions.find((action) => action.Type === 'forward');
  if (!forward) {
    throw new ConfigError(
      `listener ${binding.listener} has no forward default action; Greenlight needs a forward action to its blue and green target groups`,
    );
  }
  const groups = forward.ForwardConfig?.TargetGroups?.length
    ? forward.ForwardConfig.TargetGroups
    : [{ TargetGroupArn: forward.TargetGroupArn, Weight: 1 }];
  let blue = 0;
  let green = 0;
  for (const group of groups) {
    // A forward action with a single target group and no ForwardConfig weight means "all of it".
    const weight = group.Weight ?? 1;
    if (group.TargetGroupArn === binding.targetGroups.blue) blue += weight;
    else if (group.TargetGroupArn === binding.targetGroups.green) green += weight;
    else if (weight > 0) {
      throw new ConfigError(
        `listener ${binding.listener} forwards to ${group.TargetGroupArn}, which is neither the blue nor the green target group of this service; fix targetGroups in the config or the listener`,
      );
    }
  }
  return percentFromAlbWeights(blue, green);
}

function describeTarget(description: TargetHealthDescription): string {
  const target = `${description.Target?.Id ?? '?'}${description.Target?.Port ? `:${description.Target.Port}` : ''}`;
  const health = description.TargetHealth;
  return `${target} ${health?.State ?? 'unknown'}${health?.Reason ? ` (${health.Reason})` : ''}`;
}

/** Counts targets: `healthy` serves; `draining` is leaving on purpose and counts as neither. */
export function summariseTargetHealth(descriptions: readonly TargetHealthDescription[]): TargetHealth {
  const serving = descriptions.filter((d) => d.TargetHealth?.State !== 'draining');
  const unhealthy = serving.filter((d) => d.TargetHealth?.State !== 'healthy');
  return {
    healthy: serving.length - unhealthy.length,
    unhealthy: unhealthy.length,
    details: unhealthy.map(describeTarget),
  };
}

export interface Elbv2TrafficRouterOptions {
  /** Injected for tests and to share one client per process. @default a new client */
  readonly client?: ElasticLoadBalancingV2Client;
}

/** The ALB listener's default forward action is the traffic switch. */
export class Elbv2TrafficRouter implements TrafficRouter {
  private readonly client: ElasticLoadBalancingV2Client;

  constructor(options: Elbv2TrafficRouterOptions = {}) {
    this.client = options.client ?? new ElasticLoadBalancingV2Client({});
  }

  async setWeights(binding: ServiceBinding, weights: ListenerWeights): Promise<void> {
    const alb = albWeightsFor(weights);
    await callAws(
      {
        operation: 'ModifyListener',
        resource: binding.listener,
        configHint: 'the listener in the service binding',
      },
      () =>
        this.client.send(
          new ModifyListenerCommand({
            ListenerArn: binding.listener,
            DefaultActions: [
              {
                Type: 'forward',
                ForwardConfig: {
                  TargetGroups: [
                    { TargetGroupArn: binding.targetGroups.blue, Weight: alb.blue },
                    { TargetGroupArn: binding.targetGroups.green, Weight: alb.green },
                  ],
                  // Stickiness would pin users to blue and make the weights lie.
                  TargetGroupStickinessConfig: { Enabled: false },
                },
              },
            ],
          }),
        ),
    );
  }

  async readWeights(binding: ServiceBinding): Promise<ListenerWeights> {
    const response = await callAws(
      {
        operation: 'DescribeListeners',
        resource: binding.listener,
        configHint: 'the listener in the service binding',
      },
      () => this.client.send(new DescribeListenersCommand({ ListenerArns: [binding.listener] })),
    );
    const listener = response.Listeners?.[0];
    if (!listener) throw new ConfigError(`DescribeListeners returned no listener for ${binding.listener}`);
    return weightsFromActions(listener.DefaultActions ?? [], binding);
  }

  async targetHealth(binding: ServiceBinding, colour: Colour): Promise<TargetHealth> {
    const arn = binding.targetGroups[colour];
    const response = await callAws(
      {
        operation: 'DescribeTargetHealth',
        resource: arn,
        configHint: `targetGroups.${colour} in the service binding`,
      },
      () => this.client.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn })),
    );
    return summariseTargetHealth(response.TargetHealthDescriptions ?? []);
  }
}

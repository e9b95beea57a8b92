import {
  type Action,
  DescribeListenersCommand,
  DescribeRulesCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  ModifyListenerCommand,
  ModifyRuleCommand,
  type TargetHealthDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { isListenerRuleArn } from '../../core/arns.ts';
import { ConfigError, InvalidRequestError } from '../../errors.ts';
import type { Colour, ListenerWeights } from '../../ports/colour.ts';
import type { TargetHealth, TrafficRouter } from '../../ports/traffic-router.ts';
import type { ServiceBinding } from '../../schema/config.ts';
import type { IamActionsOf } from './iam.ts';
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

/**
 * The actions with the forward action's weights set, and every other action (authenticate-oidc,
 * authenticate-cognito, fixed-response...) kept as it was, in its order: ModifyListener and
 * ModifyRule replace the whole list, so what is not written back is lost. An authenticate
 * action read back has no client secret; it is written with UseExistingClientSecret, as the
 * ELB API Reference requires for a modify. Pure, exported for tests.
 */
export function actionsWithWeights(
  actions: readonly Action[],
  binding: ServiceBinding,
  weights: ListenerWeights,
): Action[] {
  const alb = albWeightsFor(weights);
  if (!actions.some((action) => action.Type === 'forward')) {
    throw new ConfigError(
      `${binding.listener} has no forward action; Greenlight needs a forward action to its blue and green target groups`,
    );
  }
  return actions.map((action): Action => {
    if (action.Type === 'forward') {
      const { TargetGroupArn: _single, ...rest } = action;
      return {
        ...rest,
        ForwardConfig: {
          TargetGroups: [
            { TargetGroupArn: binding.targetGroups.blue, Weight: alb.blue },
            { TargetGroupArn: binding.targetGroups.green, Weight: alb.green },
          ],
          // Stickiness would pin users to blue and make the weights lie.
          TargetGroupStickinessConfig: { Enabled: false },
        },
      };
    }
    if (action.Type === 'authenticate-oidc' && action.AuthenticateOidcConfig) {
      const { ClientSecret: _secret, ...config } = action.AuthenticateOidcConfig;
      return { ...action, AuthenticateOidcConfig: { ...config, UseExistingClientSecret: true } };
    }
    return { ...action };
  });
}

/**
 * The test listener's actions with its forward sending everything to one colour's target group,
 * every other action kept as it was (see {@link actionsWithWeights}). Pure, exported for tests.
 */
export function actionsForwardingTo(
  actions: readonly Action[],
  binding: ServiceBinding,
  colour: Colour,
): Action[] {
  return actionsWithWeights(
    actions,
    binding,
    colour === 'blue' ? { blue: 100, green: 0 } : { blue: 0, green: 100 },
  );
}

/** The one colour a test listener's forward sends to, or null when it splits or forwards elsewhere. */
export function colourForwardedTo(actions: readonly Action[], binding: ServiceBinding): Colour | null {
  const weights = weightsFromActions(actions, binding);
  if (weights.blue === 100) return 'blue';
  if (weights.green === 100) return 'green';
  return null;
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

/**
 * The traffic switch: the forward action of the ALB listener's default actions, or of one
 * listener rule when the binding's `listener` is a rule ARN (traffic that reaches the service
 * through a rule). Read, changed in place, written back whole.
 */
export class Elbv2TrafficRouter implements TrafficRouter {
  /** The IAM actions each method calls (src/adapters/aws/iam.ts). */
  static readonly iamActions: IamActionsOf<TrafficRouter> = {
    setWeights: [
      'elasticloadbalancing:DescribeListeners',
      'elasticloadbalancing:DescribeRules',
      'elasticloadbalancing:ModifyListener',
      'elasticloadbalancing:ModifyRule',
    ],
    readWeights: ['elasticloadbalancing:DescribeListeners', 'elasticloadbalancing:DescribeRules'],
    targetHealth: ['elasticloadbalancing:DescribeTargetHealth'],
    pointTestListener: ['elasticloadbalancing:DescribeListeners', 'elasticloadbalancing:ModifyListener'],
    testListenerColour: ['elasticloadbalancing:DescribeListeners'],
  };

  private readonly client: ElasticLoadBalancingV2Client;

  constructor(options: Elbv2TrafficRouterOptions = {}) {
    this.client = options.client ?? new ElasticLoadBalancingV2Client({});
  }

  async setWeights(binding: ServiceBinding, weights: ListenerWeights): Promise<void> {
    albWeightsFor(weights); // refuse bad weights before any call
    const actions = actionsWithWeights(await this.currentActions(binding), binding, weights);
    const context = { resource: binding.listener, configHint: 'the listener in the service binding' };
    if (isListenerRuleArn(binding.listener)) {
      await callAws({ operation: 'ModifyRule', ...context }, () =>
        this.client.send(new ModifyRuleCommand({ RuleArn: binding.listener, Actions: actions })),
      );
    } else {
      await callAws({ operation: 'ModifyListener', ...context }, () =>
        this.client.send(
          new ModifyListenerCommand({ ListenerArn: binding.listener, DefaultActions: actions }),
        ),
      );
    }
  }

  async readWeights(binding: ServiceBinding): Promise<ListenerWeights> {
    return weightsFromActions(await this.currentActions(binding), binding);
  }

  async pointTestListener(binding: ServiceBinding, colour: Colour): Promise<void> {
    const listenerArn = binding.testListenerArn;
    if (listenerArn === undefined) return;
    const actions = actionsForwardingTo(await this.listenerActions(listenerArn), binding, colour);
    await callAws(
      {
        operation: 'ModifyListener',
        resource: listenerArn,
        configHint: 'testListenerArn in the service binding',
      },
      () =>
        this.client.send(new ModifyListenerCommand({ ListenerArn: listenerArn, DefaultActions: actions })),
    );
  }

  async testListenerColour(binding: ServiceBinding): Promise<Colour | null> {
    if (binding.testListenerArn === undefined) return null;
    return colourForwardedTo(await this.listenerActions(binding.testListenerArn), binding);
  }

  private async listenerActions(listenerArn: string): Promise<Action[]> {
    const response = await callAws(
      {
        operation: 'DescribeListeners',
        resource: listenerArn,
        configHint: 'the listeners in the service binding',
      },
      () => this.client.send(new DescribeListenersCommand({ ListenerArns: [listenerArn] })),
    );
    const listener = response.Listeners?.[0];
    if (!listener) throw new ConfigError(`DescribeListeners returned no listener for ${listenerArn}`);
    return listener.DefaultActions ?? [];
  }

  /** The listener's default actions, or the rule's actions. */
  private async currentActions(binding: ServiceBinding): Promise<Action[]> {
    const context = { resource: binding.listener, configHint: 'the listener in the service binding' };
    if (isListenerRuleArn(binding.listener)) {
      const response = await callAws({ operation: 'DescribeRules', ...context }, () =>
        this.client.send(new DescribeRulesCommand({ RuleArns: [binding.listener] })),
      );
      const rule = response.Rules?.[0];
      if (!rule) throw new ConfigError(`DescribeRules returned no rule for ${binding.listener}`);
      return rule.Actions ?? [];
    }
    return this.listenerActions(binding.listener);
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

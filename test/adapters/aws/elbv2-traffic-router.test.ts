import {
  DescribeListenersCommand,
  DescribeRulesCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  ModifyListenerCommand,
  ModifyRuleCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { Elbv2TrafficRouter, percentFromAlbWeights } from '../../../src/adapters/aws/elbv2-traffic-router.ts';
import { ConfigError, InvalidRequestError } from '../../../src/errors.ts';
import { binding } from './binding-fixture.ts';
import { sdkError, translationCases } from './sdk-error-fixtures.ts';

const elb = mockClient(ElasticLoadBalancingV2Client);
const router = () =>
  new Elbv2TrafficRouter({ client: new ElasticLoadBalancingV2Client({ region: 'eu-west-1' }) });

const listenerWith = (blueWeight: number, greenWeight: number) => ({
  Listeners: [
    {
      ListenerArn: binding.listener,
      Port: 443,
      Protocol: 'HTTPS' as const,
      DefaultActions: [
        {
          Type: 'forward' as const,
          ForwardConfig: {
            TargetGroups: [
              { TargetGroupArn: binding.targetGroups.blue, Weight: blueWeight },
              { TargetGroupArn: binding.targetGroups.green, Weight: greenWeight },
            ],
            TargetGroupStickinessConfig: { Enabled: false },
          },
        },
      ],
    },
  ],
});

describe('Class: Elbv2TrafficRouter', () => {
  beforeEach(() => {
    elb.reset();
  });

  describe('Method: setWeights', () => {
    it('writes the weights into the default forward action', async () => {
      // Prepare
      elb.on(DescribeListenersCommand).resolves(listenerWith(100, 0));
      elb.on(ModifyListenerCommand).resolves({ Listeners: [] });
      // Act
      await router().setWeights(binding, { blue: 90, green: 10 });
      // Assess
      const input = elb.commandCalls(ModifyListenerCommand)[0]?.args[0].input;
      expect(input?.ListenerArn).toBe(binding.listener);
      expect(input?.DefaultActions?.[0]?.ForwardConfig?.TargetGroups).toEqual([
        { TargetGroupArn: binding.targetGroups.blue, Weight: 90 },
        { TargetGroupArn: binding.targetGroups.green, Weight: 10 },
      ]);
    });

    it('keeps an authenticate-oidc action before the forward, in order, with its existing client secret', async () => {
      // Prepare: DescribeListeners never returns the client secret.
      const listener = listenerWith(100, 0);
      const [only] = listener.Listeners;
      const oidc = {
        Type: 'authenticate-oidc' as const,
        Order: 1,
        AuthenticateOidcConfig: {
          Issuer: 'https://idp.example.com',
          AuthorizationEndpoint: 'https://idp.example.com/authorize',
          TokenEndpoint: 'https://idp.example.com/token',
          UserInfoEndpoint: 'https://idp.example.com/userinfo',
          ClientId: 'greenlight-shop',
        },
      };
      elb.on(DescribeListenersCommand).resolves({
        Listeners: [{ ...only, DefaultActions: [oidc, { ...only?.DefaultActions[0], Order: 2 }] }] as never,
      });
      elb.on(ModifyListenerCommand).resolves({ Listeners: [] });
      // Act
      await router().setWeights(binding, { blue: 50, green: 50 });
      // Assess
      const actions = elb.commandCalls(ModifyListenerCommand)[0]?.args[0].input.DefaultActions;
      expect(actions?.map((a) => [a.Type, a.Order])).toEqual([
        ['authenticate-oidc', 1],
        ['forward', 2],
      ]);
      expect(actions?.[0]?.AuthenticateOidcConfig).toEqual({
        ...oidc.AuthenticateOidcConfig,
        UseExistingClientSecret: true,
      });
      expect(actions?.[1]?.ForwardConfig?.TargetGroups?.map((g) => g.Weight)).toEqual([50, 50]);
    });

    it('shifts a listener rule’s forward with ModifyRule when the binding names a rule', async () => {
      // Prepare: traffic reaches the service through a host-header rule, not the default action.
      const ruleArn =
        'arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener-rule/app/shop/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee';
      const ruleBinding = { ...binding, listener: ruleArn };
      elb.on(DescribeRulesCommand).resolves({
        Rules: [{ RuleArn: ruleArn, Actions: listenerWith(80, 20).Listeners[0]?.DefaultActions }],
      });
      elb.on(ModifyRuleCommand).resolves({ Rules: [] });
      // Act
      const before = await router().readWeights(ruleBinding);
      await router().setWeights(ruleBinding, { blue: 0, green: 100 });
      // Assess
      expect(before).toEqual({ blue: 80, green: 20 });
      const input = elb.commandCalls(ModifyRuleCommand)[0]?.args[0].input;
      expect(input?.RuleArn).toBe(ruleArn);
      expect(input?.Actions?.[0]?.ForwardConfig?.TargetGroups?.map((g) => g.Weight)).toEqual([0, 100]);
      expect(elb.commandCalls(ModifyListenerCommand)).toHaveLength(0);
    });

    it('throws when the weights do not add up to 100', async () => {
      await expect(router().setWeights(binding, { blue: 50, green: 60 })).rejects.toBeInstanceOf(
        InvalidRequestError,
      );
      expect(elb.commandCalls(ModifyListenerCommand)).toHaveLength(0);
    });

    it.each(translationCases(() => sdkError('ListenerNotFoundException', 400)))(
      'translates %s',
      async (_label, makeError, expected) => {
        // Prepare
        elb.on(DescribeListenersCommand).resolves(listenerWith(100, 0));
        elb.on(ModifyListenerCommand).rejects(makeError());
        // Act / Assess
        await expect(router().setWeights(binding, { blue: 0, green: 100 })).rejects.toBeInstanceOf(expected);
      },
    );
  });

  describe('Method: readWeights', () => {
    it('reads the weights back in percent', async () => {
      // Prepare
      elb.on(DescribeListenersCommand).resolves(listenerWith(50, 50));
      // Act / Assess
      await expect(router().readWeights(binding)).resolves.toEqual({ blue: 50, green: 50 });
    });

    it('scales ALB weights set by someone else to percent', async () => {
      elb.on(DescribeListenersCommand).resolves(listenerWith(999, 111));
      await expect(router().readWeights(binding)).resolves.toEqual({ blue: 90, green: 10 });
    });

    it('reads a plain single-target-group forward as 100%', async () => {
      // Prepare
      elb.on(DescribeListenersCommand).resolves({
        Listeners: [{ DefaultActions: [{ Type: 'forward', TargetGroupArn: binding.targetGroups.green }] }],
      });
      // Act / Assess
      await expect(router().readWeights(binding)).resolves.toEqual({ blue: 0, green: 100 });
    });

    it('throws ConfigError naming a foreign target group', async () => {
      // Prepare
      const foreign = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/other/1';
      elb.on(DescribeListenersCommand).resolves({
        Listeners: [{ DefaultActions: [{ Type: 'forward', TargetGroupArn: foreign }] }],
      });
      // Act / Assess
      await expect(router().readWeights(binding)).rejects.toThrow(ConfigError);
      await expect(router().readWeights(binding)).rejects.toThrow(foreign);
    });

    it('translates a missing listener', async () => {
      elb.on(DescribeListenersCommand).rejects(sdkError('ListenerNotFoundException', 400));
      await expect(router().readWeights(binding)).rejects.toThrow(/ListenerNotFound/);
    });
  });

  describe('Method: targetHealth', () => {
    it('counts healthy and unhealthy targets and describes the unhealthy ones', async () => {
      // Prepare
      elb.on(DescribeTargetHealthCommand).resolves({
        TargetHealthDescriptions: [
          { Target: { Id: '10.0.1.5', Port: 8080 }, TargetHealth: { State: 'healthy' } },
          {
            Target: { Id: '10.0.1.7', Port: 8080 },
            TargetHealth: { State: 'unhealthy', Reason: 'Target.FailedHealthChecks' },
          },
          { Target: { Id: '10.0.1.9', Port: 8080 }, TargetHealth: { State: 'draining' } },
        ],
      });
      // Act
      const health = await router().targetHealth(binding, 'green');
      // Assess
      expect(health).toEqual({
        healthy: 1,
        unhealthy: 1,
        details: ['10.0.1.7:8080 unhealthy (Target.FailedHealthChecks)'],
      });
      expect(elb.commandCalls(DescribeTargetHealthCommand)[0]?.args[0].input.TargetGroupArn).toBe(
        binding.targetGroups.green,
      );
    });

    it.each(translationCases(() => sdkError('TargetGroupNotFoundException', 400)))(
      'translates %s',
      async (_label, makeError, expected) => {
        elb.on(DescribeTargetHealthCommand).rejects(makeError());
        await expect(router().targetHealth(binding, 'blue')).rejects.toBeInstanceOf(expected);
      },
    );
  });
});

describe('Function: percentFromAlbWeights', () => {
  it.each([
    [1, 0, { blue: 100, green: 0 }],
    [0, 999, { blue: 0, green: 100 }],
    [1, 1, { blue: 50, green: 50 }],
    [2, 1, { blue: 67, green: 33 }],
  ])('maps %i/%i to %o', (blue, green, expected) => {
    expect(percentFromAlbWeights(blue, green)).toEqual(expected);
  });
});

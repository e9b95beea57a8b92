import { describe, expect, it } from 'vitest';
import { isListenerRuleArn, loadBalancerDimension } from '../../src/core/arns.ts';
import { ConfigError } from '../../src/errors.ts';

const listener =
  'arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/shop/50dc6c495c0c9188/f2f7dc8efc522ab2';
const rule =
  'arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener-rule/app/shop/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee';

describe('Function: loadBalancerDimension', () => {
  it.each([
    [listener, 'app/shop/50dc6c495c0c9188'],
    [rule, 'app/shop/50dc6c495c0c9188'],
  ])('reads the LoadBalancer dimension from %s', (arn, dimension) => {
    expect(loadBalancerDimension(arn)).toBe(dimension);
  });

  it.each([['listener/app/shop'], ['arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/shop-blue/abc']])(
    'refuses %s, naming both forms',
    (arn) => {
      expect(() => loadBalancerDimension(arn)).toThrow(ConfigError);
      expect(() => loadBalancerDimension(arn)).toThrow(/listener-rule/);
    },
  );
});

describe('Function: isListenerRuleArn', () => {
  it('tells a rule from a listener', () => {
    expect(isListenerRuleArn(rule)).toBe(true);
    expect(isListenerRuleArn(listener)).toBe(false);
  });
});

import { ConfigError } from '../errors.ts';

/**
 * Pure helpers that read the parts of ARNs that CloudWatch dimensions and RDS calls need.
 * A malformed ARN is a config mistake, so it fails with `ConfigError` naming the value.
 */

/**
 * `arn:aws:elasticloadbalancing:eu-west-1:123:targetgroup/shop-blue/0123456789abcdef`
 * → `targetgroup/shop-blue/0123456789abcdef` (the `TargetGroup` dimension of AWS/ApplicationELB).
 */
export function targetGroupDimension(targetGroupArn: string): string {
  const match = /:(targetgroup\/[^/]+\/[^/]+)$/.exec(targetGroupArn);
  if (!match?.[1]) {
    throw new ConfigError(
      `"${targetGroupArn}" is not a target group ARN; expected arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<id>`,
    );
  }
  return match[1];
}

/**
 * `arn:aws:elasticloadbalancing:eu-west-1:123:listener/app/shop/50dc6c495c0c9188/f2f7dc8efc522ab2`
 * → `app/shop/50dc6c495c0c9188` (the `LoadBalancer` dimension of AWS/ApplicationELB); a
 * listener rule's ARN (`listener-rule/app/shop/<lb-id>/<listener-id>/<rule-id>`) gives the same.
 */
export function loadBalancerDimension(listenerArn: string): string {
  const match =
    /:listener\/(app\/[^/]+\/[^/]+)\/[^/]+$|:listener-rule\/(app\/[^/]+\/[^/]+)\/[^/]+\/[^/]+$/.exec(
      listenerArn,
    );
  const dimension = match?.[1] ?? match?.[2];
  if (!dimension) {
    throw new ConfigError(
      `"${listenerArn}" is not an ALB listener ARN; expected arn:aws:elasticloadbalancing:<region>:<account>:listener/app/<name>/<lb-id>/<listener-id> (or a listener-rule/app/<name>/<lb-id>/<listener-id>/<rule-id>)`,
    );
  }
  return dimension;
}

/**
 * An RDS identifier from an identifier or an ARN: `arn:aws:rds:eu-west-1:123:db:shop` → `shop`,
 * `arn:aws:rds:...:cluster:shop` → `shop`, `shop` → `shop`.
 */
export function rdsIdentifier(idOrArn: string): string {
  if (!idOrArn.startsWith('arn:')) return idOrArn;
  const match = /:(?:db|cluster):([^:]+)$/.exec(idOrArn);
  if (!match?.[1]) {
    throw new ConfigError(
      `"${idOrArn}" is not an RDS instance or cluster ARN; expected arn:aws:rds:<region>:<account>:db:<id> or ...:cluster:<id>, or just the identifier`,
    );
  }
  return match[1];
}

/** Whether a binding's `listener` names a listener rule (its forward action is the switch) rather than a listener. */
export const isListenerRuleArn = (arn: string): boolean => /:listener-rule\//.test(arn);

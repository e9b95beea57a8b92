import { Stack, Validations } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges, one finding at a time, the cdk-nag `AwsSolutions-IAM5` wildcard findings of a
 * statement we add on purpose, with the reason. Finding ids are rendered the way cdk-nag
 * renders them (`Resource::arn:<AWS::Partition>:...`), so an unexpected wildcard elsewhere
 * still fails the synth.
 */
export function acknowledgeWildcards(
  scope: IConstruct,
  statement: iam.PolicyStatement,
  reason: string,
): void {
  const stack = Stack.of(scope);
  const json = stack.resolve(statement.toStatementJson()) as { Action?: unknown; Resource?: unknown };
  const list = (value: unknown): unknown[] =>
    value === undefined ? [] : Array.isArray(value) ? value : [value];
  for (const action of list(json.Action)) {
    if (typeof action === 'string' && action.includes('*')) acknowledge(scope, `Action::${action}`, reason);
  }
  for (const resource of list(json.Resource)) {
    const flat = flattenCfnReference(resource);
    if (flat.includes('*')) acknowledge(scope, `Resource::${flat}`, reason);
  }
}

/** Acknowledges the `<function ARN>:*` finding that `grantInvoke` adds (it covers versions and aliases). */
export function acknowledgeInvokeVersions(scope: IConstruct, functionArn: string): void {
  const flat = flattenCfnReference(Stack.of(scope).resolve(`${functionArn}:*`));
  acknowledge(
    scope,
    `Resource::${flat}`,
    'grantInvoke allows the function and its versions/aliases (<arn>:*), nothing else',
  );
}

export function acknowledge(scope: IConstruct, finding: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
}

/**
 * The IAM actions of the AWS adapters, declared by each adapter beside its code (a static
 * `iamActions` per port method). The stack grants each function what its step's capabilities
 * call (lib/capability-grants.ts), and test/cdk/iam-from-code.test.ts holds the two together:
 * every action a function's calls need is granted, and nothing else is.
 */

/** `service:Action`, as IAM spells it. */
export type IamAction = `${string}:${string}`;

/** For every method of port `P`, the IAM actions its AWS adapter's implementation needs. */
export type IamActionsOf<P> = {
  readonly [M in keyof P as P[M] extends (...args: never[]) => unknown ? M : never]-?: readonly IamAction[];
};

/**
 * Actions a call needs that are not commands of their own: AWS authorizes them as part of
 * another call. A declaration may name them; the test that reads the adapters' commands
 * accepts them only from this table.
 */
export const impliedActions: Readonly<Record<string, string>> = {
  'rds:AddTagsToResource': 'RDS authorizes the Tags of a create or restore call as AddTagsToResource',
  'ecs:TagResource': 'ECS authorizes the tags of RegisterTaskDefinition as TagResource',
  'iam:PassRole': 'RegisterTaskDefinition passes the task and execution roles to ECS',
  'kms:GenerateDataKey*': 'Publish to an SNS topic encrypted with a customer key makes a data key',
  'kms:Decrypt': 'Publish to an SNS topic encrypted with a customer key',
};

// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ASL placeholders are literal ${...} text
// biome-ignore-all lint/suspicious/noExplicitAny: tests poke at raw CloudFormation / config JSON
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadGreenlightConfig } from '../../lib/load-config.ts';
import { configPath, synthEnvironment } from './synth.ts';

interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
}
type Resources = Record<string, { Type: string; Properties: Record<string, any> }>;

/**
 * Actions that may have `Resource: "*"`, each because AWS does not support resource-level
 * permissions for it.
 */
const starAllowed = new Set([
  // X-Ray active tracing (Lambda and Step Functions).
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
  // Step Functions log delivery to CloudWatch Logs (vended logs).
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
  // ELBv2 Describe* calls.
  'elasticloadbalancing:DescribeListeners',
  'elasticloadbalancing:DescribeTargetHealth',
  // ECS task definitions are not resources until registered.
  'ecs:DescribeTaskDefinition',
  'ecs:RegisterTaskDefinition',
  // CloudWatch metric reads.
  'cloudwatch:GetMetricData',
  // The DR report's figures: scoped by the cloudwatch:namespace condition instead (tested below).
  'cloudwatch:PutMetricData',
]);

let resources: Resources;
const loadedEntry = (environment: string) => {
  const entry = loadGreenlightConfig(configPath).environments[environment];
  if (!entry) throw new Error(`no environment ${environment}`);
  return entry;
};
const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

function statementsOf(predicate: (policy: Record<string, any>) => boolean): Statement[] {
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && predicate(r.Properties))
    .flatMap((r) => r.Properties.PolicyDocument.Statement as Statement[]);
}

/** The statements of the role of the function whose description is `Greenlight step: <name>`. */
function statementsOfStep(name: string): Statement[] {
  const fn = Object.values(resources).find(
    (r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Description === `Greenlight step: ${name}`,
  );
  const roleId = fn?.Properties.Role['Fn::GetAtt'][0];
  expect(roleId, `role of ${name}`).toBeDefined();
  return statementsOf((policy) => list(policy.Roles).some((role: any) => role.Ref === roleId));
}

const actionsOf = (statements: Statement[]) => new Set(statements.flatMap((s) => list(s.Action)));

beforeAll(() => {
  const template: Template = synthEnvironment('production').template;
  resources = template.toJSON().Resources as Resources;
});

describe('IAM of the Greenlight stack (production)', () => {
  it('uses Resource "*" only for actions AWS cannot scope', () => {
    const star = statementsOf(() => true).filter((s) => list(s.Resource).includes('*'));
    const offenders = star.flatMap((s) => list(s.Action)).filter((action) => !starAllowed.has(action));
    expect(star.length).toBeGreaterThan(0);
    expect(offenders).toEqual([]);
  });

  it('attaches no managed policies to the step roles', () => {
    const roles = Object.values(resources).filter((r) => r.Type === 'AWS::IAM::Role');
    expect(roles.filter((r) => r.Properties.ManagedPolicyArns)).toEqual([]);
  });

  it('lets only shift-weight and rollback modify the listener, and only the configured one', () => {
    const modify = (name: string) =>
      statementsOfStep(name).filter((s) => list(s.Action).includes('elasticloadbalancing:ModifyListener'));
    expect(modify('shift-weight').flatMap((s) => list(s.Resource))).toEqual([
      'arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/shop-production/9999999999999999/aaaaaaaaaaaaaaaa',
    ]);
    expect(modify('rollback')).toHaveLength(1);
    for (const other of ['preflight', 'verify', 'promote', 'notify', 'alarm-relay']) {
      expect(modify(other), other).toEqual([]);
    }
  });

  it('scopes ECS service updates to the blue and green services', () => {
    const update = statementsOfStep('deploy-green').find((s) => list(s.Action).includes('ecs:UpdateService'));
    expect(update?.Resource).toEqual([
      'arn:aws:ecs:eu-west-1:123456789012:service/shop-production/shop-blue',
      'arn:aws:ecs:eu-west-1:123456789012:service/shop-production/shop-green',
    ]);
    const passRole = statementsOfStep('deploy-green').find((s) => list(s.Action).includes('iam:PassRole'));
    expect(passRole?.Condition).toEqual({
      StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' },
    });
  });

  it('lets DeployGreen pass only the roles and tag only the family the config names for each service', () => {
    // Act
    const deploy = statementsOfStep('deploy-green');
    const passRole = deploy.find((s) => list(s.Action).includes('iam:PassRole'));
    const tag = deploy.find((s) => list(s.Action).includes('ecs:TagResource'));

    // Assess
    expect(list(passRole?.Resource)).toEqual([
      'arn:aws:iam::123456789012:role/shop-production-task',
      'arn:aws:iam::123456789012:role/shop-production-execution',
    ]);
    expect(JSON.stringify(tag?.Resource)).toContain(':task-definition/shop-production:*');
    expect(tag?.Condition).toEqual({ StringEquals: { 'ecs:CreateAction': 'RegisterTaskDefinition' } });
  });

  it('falls back to any role (to ECS tasks only) and any task definition (when registering only) without aws.taskDefinitions', () => {
    // Arrange
    const { taskDefinitions: _named, ...aws } = loadedEntry('production').aws;
    const bare = synthEnvironment('production', { edit: (entry) => ({ ...entry, aws }) }).template.toJSON()
      .Resources as Resources;

    // Act
    const statements = Object.values(bare)
      .filter((r) => r.Type === 'AWS::IAM::Policy')
      .flatMap((r) => r.Properties.PolicyDocument.Statement as Statement[]);
    const passRole = statements.find((s) => list(s.Action).includes('iam:PassRole'));

    // Assess
    expect(JSON.stringify(passRole?.Resource)).toContain(':role/*');
    expect(passRole?.Condition).toEqual({
      StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' },
    });
  });

  it('scopes snapshots to the bound database and greenlight-* snapshot names', () => {
    const create = statementsOfStep('backup').find((s) => list(s.Action).includes('rds:CreateDBSnapshot'));
    expect(JSON.stringify(create?.Resource)).toContain(
      'arn:aws:rds:eu-west-1:123456789012:db:shop-production',
    );
    expect(JSON.stringify(create?.Resource)).toContain(':snapshot:greenlight-*');
  });

  it('lets a DR drill restore only the bound database’s automated backups and Greenlight’s own snapshots', () => {
    // Act
    const restores = statementsOfStep('dr-restore').filter((s) =>
      list(s.Action).includes('rds:RestoreDBInstanceFromDBSnapshot'),
    );
    const granted = JSON.stringify(restores.map((s) => s.Resource));

    // Assess
    expect(granted).toContain(':snapshot:rds:shop-production-*');
    expect(granted).toContain(':snapshot:greenlight-shop-production*');
    expect(granted).not.toMatch(/:(cluster-)?snapshot:\*/);
  });

  it('lets backup read only the database secrets (the figures recorded with each snapshot), and the DR verifier read them back', () => {
    const secrets = statementsOfStep('backup').filter((s) =>
      list(s.Action).includes('secretsmanager:GetSecretValue'),
    );
    expect(secrets).toHaveLength(1);
    expect(list(secrets[0]?.Resource)).toEqual([
      'arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop-production-db-AbCdEf',
    ]);
    expect(actionsOf(statementsOfStep('backup')).has('dynamodb:PutItem')).toBe(true);
    expect(actionsOf(statementsOfStep('dr-verify-integrity')).has('dynamodb:GetItem')).toBe(true);
  });

  it('scopes task callbacks to the deploy state machine', () => {
    const send = statementsOfStep('alarm-relay').find((s) =>
      list(s.Action).includes('states:SendTaskFailure'),
    );
    expect(JSON.stringify(send?.Resource)).toContain(':stateMachine:greenlight-production-deploy');
    expect(actionsOf(statementsOfStep('preflight')).has('states:SendTaskFailure')).toBe(false);
  });

  it('scopes alarm reads to this environment’s Greenlight alarms', () => {
    const describe = statementsOfStep('verify').find((s) =>
      list(s.Action).includes('cloudwatch:DescribeAlarms'),
    );
    expect(JSON.stringify(describe?.Resource)).toContain(':alarm:greenlight.shop.production.*');
  });

  it.each([
    ['notify', 'sns:Publish'],
    ['approval', 'sns:Publish'],
    ['verify', 'cloudwatch:GetMetricData'],
    ['preflight', 'dynamodb:PutItem'],
    ['decommission-blue', 'ecs:UpdateService'],
  ])('grants %s what its port needs (%s)', (step, action) => {
    expect(actionsOf(statementsOfStep(step)).has(action)).toBe(true);
  });

  it('lets the DR report publish its figures in the Greenlight/DR namespace only', () => {
    const put = statementsOfStep('dr-report').find((s) =>
      list(s.Action).includes('cloudwatch:PutMetricData'),
    );
    expect(put?.Condition).toEqual({ StringEquals: { 'cloudwatch:namespace': 'Greenlight/DR' } });
  });

  it.each([
    ['notify', 'ecs:UpdateService'],
    ['verify', 'sns:Publish'],
    ['promote', 'rds:CreateDBSnapshot'],
    ['bake', 'elasticloadbalancing:ModifyListener'],
  ])('does not grant %s %s', (step, action) => {
    expect(actionsOf(statementsOfStep(step)).has(action)).toBe(false);
  });

  it('lets the state machine role invoke each step function it names', () => {
    const machine = Object.values(resources).find((r) => r.Type === 'AWS::StepFunctions::StateMachine');
    const roleId = machine?.Properties.RoleArn['Fn::GetAtt'][0];
    const invoke = statementsOf((p) => list(p.Roles).some((r: any) => r.Ref === roleId)).filter((s) =>
      list(s.Action).includes('lambda:InvokeFunction'),
    );
    const invoked = new Set(
      invoke
        .flatMap((s) => list(s.Resource))
        .map((r: any) => (r['Fn::GetAtt'] ?? r['Fn::Join']?.[1]?.[0]?.['Fn::GetAtt'])?.[0]),
    );
    expect(invoked.size).toBe(Object.keys(machine?.Properties.DefinitionSubstitutions ?? {}).length);
  });
});

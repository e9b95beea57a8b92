import { existsSync, readFileSync } from 'node:fs';
import { Annotations, Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { placeholdersIn } from '../../lib/asl-definition.ts';
import { capabilitiesOf } from '../../lib/step-capabilities.ts';
import { reconciledStatuses } from '../../src/workflow/reconcile-rule.ts';
import { scheduledFunctions } from '../../src/workflow/scheduled-functions.ts';
import { stepFunctionNames } from '../../src/workflow/step-functions.ts';
import { expectedFunctionNames, type Synthesised, synthEnvironment } from './synth.ts';

let synthesised: Synthesised;
let template: Template;

beforeAll(() => {
  synthesised = synthEnvironment('production');
  template = synthesised.template;
});

const shopBlueTg =
  'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-production-blue/bbbbbbbbbbbbbbbb';

describe('Construct: Greenlight (production)', () => {
  it('creates the state table: on demand, PITR, encrypted, TTL, deployments index', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      GlobalSecondaryIndexes: [Match.objectLike({ IndexName: 'byKind' })],
    });
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain' });
  });

  it('creates one KMS-encrypted topic per severity with the email subscriptions', () => {
    for (const severity of ['info', 'warning', 'critical']) {
      template.hasResourceProperties('AWS::SNS::Topic', {
        TopicName: `greenlight-production-${severity}`,
        KmsMasterKeyId: Match.anyValue(),
      });
    }
    template.resourceCountIs('AWS::SNS::Subscription', 4);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('creates one arm64 nodejs24.x function per step, DR step and approval endpoint', () => {
    const functions = template.findResources('AWS::Lambda::Function', {
      Properties: { Runtime: 'nodejs24.x', Architectures: ['arm64'], TracingConfig: { Mode: 'Active' } },
    });
    const names = Object.values(functions).map((f) =>
      String(f.Properties.Description).replace('Greenlight step: ', ''),
    );
    expect(names.sort()).toEqual(expectedFunctionNames().sort());
    expect(names).toEqual(expect.arrayContaining([...stepFunctionNames]));
  });

  it('gives the environment config only to the functions that load it', () => {
    const withConfig = template.findResources('AWS::Lambda::Function', {
      Properties: { Environment: { Variables: { GREENLIGHT_CONFIG: Match.anyValue() } } },
    });
    const expected = expectedFunctionNames().filter((name) => capabilitiesOf(name).includes('config'));
    expect(
      Object.values(withConfig)
        .map((r) => r.Properties.Description)
        .sort(),
    ).toEqual(expected.map((name) => `Greenlight step: ${name}`).sort());
    expect(expected).toContain('preflight');
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          GREENLIGHT_ENVIRONMENT: 'production',
          GREENLIGHT_SERVICE_TARGET_GROUPS: JSON.stringify({ shop: shopBlueTg }),
        }),
      },
    });
  });

  it('runs migrate, rollback and backup in the database VPC with the database secrets', () => {
    for (const step of ['migrate', 'rollback', 'backup']) {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Description: `Greenlight step: ${step}`,
        VpcConfig: {
          SubnetIds: ['subnet-0a1b2c3d4e5f60718', 'subnet-1a2b3c4d5e6f70819'],
          SecurityGroupIds: ['sg-0a1b2c3d4e5f60718'],
        },
        Environment: {
          Variables: Match.objectLike({
            GREENLIGHT_DATABASE_SECRETS: JSON.stringify({
              shop: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop-production-db-AbCdEf',
            }),
          }),
        },
      });
    }
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'secretsmanager:GetSecretValue',
            Resource: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop-production-db-AbCdEf',
          }),
        ]),
      },
    });
  });

  it('sets each Lambda timeout under its Task timeout', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'Greenlight step: preflight',
      Timeout: 25,
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'Greenlight step: rollback',
      Timeout: 115,
    });
  });

  it('creates the deploy state machine from the ASL with every placeholder substituted', () => {
    const machines = template.findResources('AWS::StepFunctions::StateMachine', {
      Properties: { StateMachineName: 'greenlight-production-deploy' },
    });
    const [machine] = Object.values(machines);
    expect(Object.keys(machines)).toHaveLength(1);
    expect(machine?.Properties.StateMachineType).toBe('STANDARD');
    expect(machine?.Properties.DefinitionS3Location).toBeDefined();
    const asl = readFileSync(new URL('../../statemachines/deploy.asl.json', import.meta.url), 'utf8');
    expect(Object.keys(machine?.Properties.DefinitionSubstitutions ?? {}).sort()).toEqual(
      placeholdersIn(asl).sort(),
    );
    expect(machine?.Properties.DefinitionSubstitutions.PreflightFunctionArn).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^GreenlightPreflightStepFunction/), 'Arn'],
    });
    expect(machine?.Properties.LoggingConfiguration).toMatchObject({
      Level: 'ALL',
      IncludeExecutionData: true,
    });
    expect(machine?.Properties.TracingConfiguration).toEqual({ Enabled: true });
  });

  it('keeps state machine logs for the configured retention', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/vendedlogs/states/greenlight-production-deploy',
      RetentionInDays: 365,
    });
  });

  it('starts a deployment from a Deployment Requested event on its own bus', () => {
    template.hasResourceProperties('AWS::Events::EventBus', { Name: 'greenlight-production' });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: Match.anyValue(),
      EventPattern: { 'detail-type': ['Deployment Requested'], detail: { environment: ['production'] } },
      Targets: [Match.objectLike({ InputPath: '$.detail', RoleArn: Match.anyValue() })],
    });
  });

  it('relays this environment’s alarms from the default bus to the alarm relay', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.cloudwatch'],
        'detail-type': ['CloudWatch Alarm State Change'],
        detail: { alarmName: [{ prefix: 'greenlight.shop.production.' }], state: { value: ['ALARM'] } },
      },
      Targets: [
        Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 4, MaximumEventAgeInSeconds: 3600 } }),
      ],
    });
  });

  it('sends the deploy workflow’s abnormal ends to reconcile, with the pattern the local world uses', () => {
    const rules = Object.values(template.findResources('AWS::Events::Rule')).filter(
      (rule) => rule.Properties.EventPattern?.source?.[0] === 'aws.states',
    );
    expect(rules).toHaveLength(1);
    const pattern = rules[0]?.Properties.EventPattern;
    expect(pattern['detail-type']).toEqual(['Step Functions Execution Status Change']);
    expect(pattern.detail.status).toEqual([...reconciledStatuses]);
    // Only the deploy state machine's executions, never the DR drill's.
    expect(JSON.stringify(pattern.detail.stateMachineArn)).toContain('DeployStateMachine');
    expect(JSON.stringify(pattern.detail.stateMachineArn)).not.toContain('DrTest');
    expect(JSON.stringify(rules[0]?.Properties.Targets)).toContain('ReconcileStep');
    expect(rules[0]?.Properties.Targets[0].RetryPolicy).toEqual({
      MaximumRetryAttempts: 8,
      MaximumEventAgeInSeconds: 21_600,
    });
  });

  it('sends RDS’s snapshot events and ECS’s deployment ends of the bound services to the wait relay, with the local world’s patterns', () => {
    // Arrange
    const rules = Object.values(template.findResources('AWS::Events::Rule'));
    const bySource = (source: string) =>
      rules.filter((rule) => rule.Properties.EventPattern?.source?.[0] === source);
    const [snapshots] = bySource('aws.rds');
    const [rollouts] = bySource('aws.ecs');

    // Assess
    expect(bySource('aws.rds')).toHaveLength(1);
    expect(snapshots?.Properties.EventPattern).toEqual({
      source: ['aws.rds'],
      'detail-type': ['RDS DB Snapshot Event', 'RDS DB Cluster Snapshot Event'],
      detail: { SourceIdentifier: [{ prefix: 'greenlight-shop-production' }] },
    });
    expect(bySource('aws.ecs')).toHaveLength(1);
    expect(rollouts?.Properties.EventPattern['detail-type']).toEqual(['ECS Deployment State Change']);
    expect(rollouts?.Properties.EventPattern.detail).toEqual({
      eventName: ['SERVICE_DEPLOYMENT_COMPLETED', 'SERVICE_DEPLOYMENT_FAILED'],
    });
    // Only the bound services' deployments, never the whole account's.
    expect(rollouts?.Properties.EventPattern.resources).toHaveLength(2);
    for (const rule of [snapshots, rollouts]) {
      expect(JSON.stringify(rule?.Properties.Targets)).toContain('WaitRelay');
      expect(rule?.Properties.Targets[0].RetryPolicy).toEqual({
        MaximumRetryAttempts: 4,
        MaximumEventAgeInSeconds: 3600,
      });
      expect(rule?.Properties.Targets[0].DeadLetterConfig).toBeDefined();
    }
  });

  it('dead-letters the undelivered events of every relayed rule (alarms, status changes, snapshots, rollouts), and pages on the first one', () => {
    const queues = template.findResources('AWS::SQS::Queue', {
      Properties: { QueueName: 'greenlight-production-undelivered-events' },
    });
    const [queueId] = Object.keys(queues);
    expect(queueId).toBeDefined();
    const targets = Object.values(template.findResources('AWS::Events::Rule'))
      .filter((rule) =>
        ['aws.cloudwatch', 'aws.states', 'aws.rds', 'aws.ecs'].includes(
          rule.Properties.EventPattern?.source?.[0],
        ),
      )
      .flatMap((rule) => rule.Properties.Targets);
    expect(targets).toHaveLength(4);
    for (const target of targets) {
      expect(JSON.stringify(target.DeadLetterConfig)).toContain(queueId as string);
    }
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'greenlight-production-undelivered-events',
      Threshold: 1,
      AlarmActions: [Match.objectLike({ Ref: Match.stringLikeRegexp('CriticalTopic') })],
    });
  });

  it('caps the public approval link endpoint’s concurrency, so a flood cannot starve the rollback path', () => {
    const link = Object.values(template.findResources('AWS::Lambda::Function')).find((fn) =>
      String(fn.Properties.Description).includes('approval-endpoint'),
    );
    expect(link?.Properties.ReservedConcurrentExecutions).toBe(5);
  });

  it('keeps concurrency for the alarm relay, and caps the operators’ approval API', () => {
    const fn = (step: string) =>
      Object.values(template.findResources('AWS::Lambda::Function')).find(
        (candidate) => candidate.Properties.Description === `Greenlight step: ${step}`,
      );
    expect(fn('alarm-relay')?.Properties.ReservedConcurrentExecutions).toBe(10);
    expect(fn('wait-relay')?.Properties.ReservedConcurrentExecutions).toBe(5);
    expect(fn('approval-api')?.Properties.ReservedConcurrentExecutions).toBe(5);
  });

  it('creates the alarms of src/core/alarm-definitions.ts on both colours (alarm-definitions.test.ts compares them field by field)', () => {
    const names = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map(
      (a) => a.Properties.AlarmName,
    );
    for (const colour of ['blue', 'green']) {
      for (const metric of ['error-rate', 'p95-latency', 'unhealthy-hosts']) {
        expect(names).toContain(`greenlight.shop.production.${colour}.${metric}`);
      }
    }
  });

  it('exposes the operators’ approval API with IAM auth, and the signed-link endpoint when present', () => {
    template.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'AWS_IAM' });
    if (expectedFunctionNames().includes('approval-endpoint')) {
      template.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'NONE' });
      template.hasResourceProperties('AWS::Lambda::Function', {
        Description: 'Greenlight step: approval',
        Environment: {
          Variables: Match.objectLike({
            GREENLIGHT_APPROVAL_URL: Match.anyValue(),
            GREENLIGHT_APPROVAL_KEY_SECRET_ID: Match.anyValue(),
          }),
        },
      });
    }
  });

  it('schedules DR drills only once the dr-test workflow exists (test/cdk/dr-schedules.test.ts covers that case)', () => {
    if (existsSync(new URL('../../statemachines/dr-test.asl.json', import.meta.url))) {
      // The two drills, the scheduled functions, plus the daily snapshot-retention schedule when that function exists.
      const retention = expectedFunctionNames().includes('snapshot-retention') ? 1 : 0;
      template.resourceCountIs('AWS::Scheduler::Schedule', 2 + scheduledFunctions.length + retention);
      template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
        StateMachineName: 'greenlight-production-dr-test',
      });
    } else {
      Annotations.fromStack(synthesised.stack).hasInfo(
        '*',
        Match.stringLikeRegexp('dr-test.asl.json does not exist'),
      );
      template.resourceCountIs('AWS::Scheduler::Schedule', scheduledFunctions.length);
    }
  });

  it('creates a dashboard', () => {
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'greenlight-production' });
  });
});

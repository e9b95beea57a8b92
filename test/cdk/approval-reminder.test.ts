import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Synthesised, synthEnvironment } from './synth.ts';

let synthesised: Synthesised;
let template: Template;

beforeAll(() => {
  synthesised = synthEnvironment('production');
  template = synthesised.template;
});

interface Statement {
  readonly Action: string | string[];
  readonly Resource: unknown;
}

/** The IAM actions of the approval-reminder function's role. */
function reminderActions(): string[] {
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.entries(policies)
    .filter(([id]) => id.startsWith('GreenlightApprovalReminderStep'))
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as Statement[])
    .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
}

describe('Construct: Greenlight approval reminder (production)', () => {
  it('pages the on-call when the reminder fails twice in a row, or has not run for 15 minutes', () => {
    const critical = { Ref: Match.stringLikeRegexp('^GreenlightCriticalTopic') };
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'greenlight-production-approval-reminder-failing',
      MetricName: 'Errors',
      Namespace: 'AWS/Lambda',
      Dimensions: [
        { Name: 'FunctionName', Value: { Ref: Match.stringLikeRegexp('^GreenlightApprovalReminderStep') } },
      ],
      Period: 300,
      EvaluationPeriods: 2,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [critical],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'greenlight-production-approval-reminder-silent',
      MetricName: 'Invocations',
      Period: 900,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
      AlarmActions: [critical],
    });
  });

  it('creates the function and lists it with the others', () => {
    expect(synthesised.stack.greenlight.functions.has('approval-reminder')).toBe(true);
  });

  it('invokes it every 5 minutes with EventBridge Scheduler, retrying only until the next run', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      Name: 'greenlight-production-approval-reminder',
      ScheduleExpression: 'rate(5 minutes)',
      Target: Match.objectLike({
        Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^GreenlightApprovalReminderStep'), 'Arn'] },
        Input: JSON.stringify({ environment: 'production' }),
        RetryPolicy: Match.objectLike({ MaximumEventAgeInSeconds: 240 }),
      }),
    });
  });

  it('may heartbeat tasks of the deploy state machine but never end one', () => {
    const states = reminderActions().filter((a) => a.startsWith('states:'));
    expect(states).toEqual(['states:SendTaskHeartbeat']);
    const statement = Object.entries(template.findResources('AWS::IAM::Policy'))
      .filter(([id]) => id.startsWith('GreenlightApprovalReminderStep'))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[])
      .find((s) => s.Action === 'states:SendTaskHeartbeat');
    expect(JSON.stringify(statement?.Resource)).toContain(':stateMachine:greenlight-production-deploy');
  });

  it('reads the table, publishes to the topics and signs links like the approval step', () => {
    const actions = reminderActions();
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:GetItem', 'sns:Publish']));
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'Greenlight step: approval-reminder',
      Environment: {
        Variables: Match.objectLike({
          GREENLIGHT_APPROVAL_URL: Match.anyValue(),
          GREENLIGHT_APPROVAL_KEY_SECRET_ID: Match.anyValue(),
        }),
      },
    });
  });
});

import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { reminderRunEverySeconds, reminderScheduleExpression } from '../src/approvals/reminder-schedule.ts';
import { acknowledgeInvokeVersions } from './nag-wildcards.ts';

export interface ApprovalReminderScheduleProps {
  readonly environment: string;
  /** The `functions/approval-reminder` function (its role's grants come from its capabilities). */
  readonly function: lambda.IFunction;
}

/**
 * Runs the approval reminder every 5 minutes (`reminderScheduleExpression`): it heartbeats every
 * waiting AwaitApproval task and reminds the approvers who have not answered. The rate is not a
 * prop: AwaitApproval's HeartbeatSeconds is three of these runs, so changing one alone would
 * either fail gates whose reminder is healthy or leave a dead reminder unnoticed.
 * @see https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html#rate-based
 */
export class ApprovalReminderSchedule extends Construct {
  readonly schedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: ApprovalReminderScheduleProps) {
    super(scope, id);
    const stack = Stack.of(this);
    // Our own role, so the `<function ARN>:*` that grantInvoke adds can be acknowledged on it.
    const schedulerRole = new iam.Role(this, 'SchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    });
    acknowledgeInvokeVersions(schedulerRole, props.function.functionArn);
    this.schedule = new scheduler.Schedule(this, 'Every5Minutes', {
      scheduleName: `greenlight-${props.environment}-approval-reminder`,
      description: `Greenlight: heartbeat waiting approval gates of ${props.environment} and remind their approvers`,
      schedule: scheduler.ScheduleExpression.expression(reminderScheduleExpression),
      target: new schedulerTargets.LambdaInvoke(props.function, {
        role: schedulerRole,
        input: scheduler.ScheduleTargetInput.fromObject({ environment: props.environment }),
        // Retries end before the next run is due, so two runs never overlap and double a reminder.
        maxEventAge: Duration.seconds(reminderRunEverySeconds - 60),
      }),
    });
  }
}

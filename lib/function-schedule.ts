import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { rateExpression, type ScheduledFunction } from '../src/workflow/scheduled-functions.ts';
import { acknowledgeInvokeVersions } from './nag-wildcards.ts';

export interface FunctionScheduleProps {
  readonly environment: string;
  /** The entry of `scheduledFunctions`: which function, how often, what for. */
  readonly scheduled: ScheduledFunction;
  /** Its function (the role's grants come from its capabilities). */
  readonly function: lambda.IFunction;
}

/**
 * Runs one of `scheduledFunctions` on its rate with EventBridge Scheduler, sending
 * `{ "environment": "<env>" }`. The rate is not a prop: the waits that depend on a schedule
 * (AwaitApproval's heartbeat, the early verdict's reach) are derived from the same number.
 * @see https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html#rate-based
 */
export class FunctionSchedule extends Construct {
  readonly schedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: FunctionScheduleProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const { everySeconds, step, purpose } = props.scheduled;
    // Our own role, so the `<function ARN>:*` that grantInvoke adds can be acknowledged on it.
    const schedulerRole = new iam.Role(this, 'SchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    });
    acknowledgeInvokeVersions(schedulerRole, props.function.functionArn);
    const minutes = everySeconds / 60;
    this.schedule = new scheduler.Schedule(this, `Every${minutes}${minutes === 1 ? 'Minute' : 'Minutes'}`, {
      scheduleName: `greenlight-${props.environment}-${step.name}`,
      description: `Greenlight: ${purpose} (${props.environment})`,
      schedule: scheduler.ScheduleExpression.expression(rateExpression(everySeconds)),
      target: new schedulerTargets.LambdaInvoke(props.function, {
        role: schedulerRole,
        input: scheduler.ScheduleTargetInput.fromObject({ environment: props.environment }),
        // Retries end before the next run is due, so two runs never overlap.
        maxEventAge: Duration.seconds(Math.max(60, everySeconds - 60)),
      }),
    });
  }
}

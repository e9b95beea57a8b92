import { Stack, TimeZone } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { acknowledgeInvokeVersions } from './nag-wildcards.ts';

export interface SnapshotRetentionScheduleProps {
  readonly environment: string;
  /** The `functions/snapshot-retention` function; its role gets the RDS grants. */
  readonly function: lambda.IFunction;
  /**
   * When to prune, an EventBridge Scheduler expression (UTC).
   * @default 'cron(30 3 * * ? *)' - daily at 03:30 UTC
   */
  readonly expression?: string;
}

/**
 * Deletes expired Greenlight snapshots daily: an EventBridge Scheduler schedule invokes the
 * snapshot-retention function for this environment, whose role (capability `snapshot-catalog`,
 * lib/capability-grants.ts) may list manual snapshots and delete only the ones Greenlight named
 * (greenlight-*) and tagged (greenlight:deployment).
 */
export class SnapshotRetentionSchedule extends Construct {
  readonly schedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: SnapshotRetentionScheduleProps) {
    super(scope, id);
    const stack = Stack.of(this);
    // Our own role, so the `<function ARN>:*` that grantInvoke adds can be acknowledged on it.
    const schedulerRole = new iam.Role(this, 'SchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    });
    acknowledgeInvokeVersions(schedulerRole, props.function.functionArn);
    this.schedule = new scheduler.Schedule(this, 'Daily', {
      scheduleName: `greenlight-${props.environment}-snapshot-retention`,
      description: `Greenlight: delete expired pre-migration snapshots of ${props.environment}`,
      schedule: scheduler.ScheduleExpression.expression(
        props.expression ?? 'cron(30 3 * * ? *)',
        TimeZone.ETC_UTC,
      ),
      target: new schedulerTargets.LambdaInvoke(props.function, {
        role: schedulerRole,
        input: scheduler.ScheduleTargetInput.fromObject({ environment: props.environment }),
      }),
    });
  }
}

import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { reminderRunEverySeconds } from '../src/approvals/reminder-schedule.ts';

export interface ReminderAlarmsProps {
  readonly environment: string;
  readonly reminder: lambda.IFunction;
  readonly criticalTopic: sns.ITopic;
}

/**
 * The approval reminder watched: a waiting gate fails closed without its heartbeats, but the
 * pages about overdue approvals after the fact simply stop. Two alarms page the on-call: the
 * reminder failing, or not running at all (no invocation in three of its intervals).
 */
export class ReminderAlarms extends Construct {
  readonly alarms: readonly cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: ReminderAlarmsProps) {
    super(scope, id);
    const interval = Duration.seconds(reminderRunEverySeconds);
    const failing = new cloudwatch.Alarm(this, 'Failing', {
      alarmName: `greenlight-${props.environment}-approval-reminder-failing`,
      alarmDescription:
        'The approval reminder failed two runs in a row: gates may miss heartbeats (they fail closed) and overdue approvals after the fact are not paged. Read its logs.',
      metric: props.reminder.metricErrors({ period: interval, statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 2,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const silent = new cloudwatch.Alarm(this, 'Silent', {
      alarmName: `greenlight-${props.environment}-approval-reminder-silent`,
      alarmDescription:
        'The approval reminder has not run for three of its intervals: check its EventBridge Scheduler schedule. Until it runs, waiting gates fail closed and overdue approvals after the fact are not paged.',
      metric: props.reminder.metricInvocations({
        period: Duration.seconds(reminderRunEverySeconds * 3),
        statistic: 'Sum',
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      // No data is no invocation: the schedule is gone or disabled.
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
    for (const alarm of [failing, silent]) alarm.addAlarmAction(new actions.SnsAction(props.criticalTopic));
    this.alarms = [failing, silent];
  }
}

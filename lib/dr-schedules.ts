import { TimeZone } from 'aws-cdk-lib';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { DrSchedule } from './config-schema.ts';

export interface DrSchedulesProps {
  readonly environment: string;
  readonly schedule: DrSchedule;
  readonly services: readonly string[];
  readonly stateMachine: sfn.IStateMachine;
}

/**
 * EventBridge Scheduler runs the DR drills per service: a backup verification and a full
 * restore test, each starting the dr-test state machine with the RTO/RPO targets.
 */
export class DrSchedules extends Construct {
  readonly schedules: scheduler.Schedule[] = [];

  constructor(scope: Construct, id: string, props: DrSchedulesProps) {
    super(scope, id);
    const timeZone = TimeZone.of(props.schedule.timeZone);
    for (const service of props.services) {
      for (const [kind, expression] of [
        ['backup-verification', props.schedule.backupVerification],
        ['restore-test', props.schedule.restoreTest],
      ] as const) {
        this.schedules.push(
          new scheduler.Schedule(this, `${service}-${kind}`, {
            scheduleName: `greenlight-${props.environment}-${service}-${kind}`,
            description: `Greenlight DR drill (${kind}) for ${service} in ${props.environment}`,
            schedule: scheduler.ScheduleExpression.expression(expression, timeZone),
            target: new schedulerTargets.StepFunctionsStartExecution(props.stateMachine, {
              input: scheduler.ScheduleTargetInput.fromObject({
                service,
                environment: props.environment,
                drill: kind,
                rtoMinutes: props.schedule.rtoMinutes,
                rpoMinutes: props.schedule.rpoMinutes,
              }),
            }),
          }),
        );
      }
    }
  }
}

import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { alarmNamePrefix } from '../src/workflow/alarm-names.ts';
import { reconcileEventPattern } from '../src/workflow/reconcile-rule.ts';
import {
  type BoundServices,
  rolloutEventPattern,
  snapshotEventPattern,
} from '../src/workflow/wait-relay-rules.ts';

export interface GreenlightEventsProps {
  readonly environment: string;
  readonly services: readonly string[];
  readonly deployStateMachine: sfn.IStateMachine;
  readonly alarmRelay: lambda.IFunction;
  /** Closes deployments whose execution ended without closing them (functions/reconcile). */
  readonly reconcile: lambda.IFunction;
  /** Completes AwaitBackup and AwaitGreen (functions/wait-relay) when RDS or ECS says the work ended. */
  readonly waitRelay: lambda.IFunction;
  /** The start of every snapshot id Greenlight takes here (src/core/drillable-snapshots.ts), one per service. */
  readonly snapshotPrefixes: readonly string[];
  /** The ECS services the bindings name, whose deployment events the wait relay gets. */
  readonly boundServices: readonly BoundServices[];
  /** Told when an alarm or a status change could not be delivered (the dead-letter queue fills). */
  readonly criticalTopic: sns.ITopic;
}

/**
 * The request bus with its `Deployment Requested` rule, and the default-bus rules that send
 * this environment's Greenlight alarms to the alarm relay and the deploy workflow's abnormal
 * ends to reconcile.
 */
export class GreenlightEvents extends Construct {
  readonly bus: events.EventBus;
  /** Alarm and status-change events whose target failed every retry: a bake that missed its alarm. */
  readonly deadLetters: sqs.Queue;

  constructor(scope: Construct, id: string, props: GreenlightEventsProps) {
    super(scope, id);
    this.bus = new events.EventBus(this, 'Bus', { eventBusName: `greenlight-${props.environment}` });
    // An alarm the relay never got lets a bad bake pass, and a status change reconcile never got
    // leaves a lock and a split: neither may vanish. EventBridge puts what it could not deliver
    // here, and the first one pages.
    this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
      queueName: `greenlight-${props.environment}-undelivered-events`,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        "It is a dead-letter queue: EventBridge rule targets' DLQ (cdk-nag only recognises an SQS redrive DLQ), read by a person when its alarm pages",
    });
    new cloudwatch.Alarm(this, 'UndeliveredEvents', {
      alarmName: `greenlight-${props.environment}-undelivered-events`,
      alarmDescription:
        'An alarm or an execution status change never reached the alarm relay or reconcile: check the dead-letter queue and the deployment it names',
      metric: this.deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(new actions.SnsAction(props.criticalTopic));
    new events.Rule(this, 'DeploymentRequestedRule', {
      eventBus: this.bus,
      description: `Starts a Greenlight deployment in ${props.environment}`,
      eventPattern: { detailType: ['Deployment Requested'], detail: { environment: [props.environment] } },
      // The event's detail is the deployment request itself (the execution input). An input
      // transformer rebuilding it field by field would turn absent optional fields into null,
      // which the strict request schema rejects, so the whole detail is passed.
      targets: [
        new targets.SfnStateMachine(props.deployStateMachine, {
          input: events.RuleTargetInput.fromEventPath('$.detail'),
        }),
      ],
    });
    // CloudWatch sends alarm state changes to the default bus only.
    new events.Rule(this, 'AlarmStateChangeRule', {
      description: `Relays Greenlight alarms of ${props.environment} to the waiting bake or standby task`,
      eventPattern: {
        source: ['aws.cloudwatch'],
        detailType: ['CloudWatch Alarm State Change'],
        detail: {
          alarmName: props.services.map((service) => ({
            prefix: `${alarmNamePrefix}${service}.${props.environment}.`,
          })),
          state: { value: ['ALARM'] },
        },
      },
      targets: [
        new targets.LambdaFunction(props.alarmRelay, {
          retryAttempts: 4,
          maxEventAge: Duration.hours(1),
          deadLetterQueue: this.deadLetters,
        }),
      ],
    });
    // Step Functions sends execution status changes to the default bus too. Same pattern as the
    // local world's rule (src/workflow/reconcile-rule.ts).
    const reconcilePattern = reconcileEventPattern(props.deployStateMachine.stateMachineArn);
    new events.Rule(this, 'ExecutionStatusChangeRule', {
      description: `Reconciles ${props.environment} deployments whose execution was stopped, timed out or failed unhandled`,
      eventPattern: {
        source: reconcilePattern.source,
        detailType: reconcilePattern['detail-type'],
        detail: reconcilePattern.detail,
      },
      targets: [
        new targets.LambdaFunction(props.reconcile, {
          retryAttempts: 8,
          maxEventAge: Duration.hours(6),
          deadLetterQueue: this.deadLetters,
        }),
      ],
    });
    // RDS and ECS send their events to the default bus too, on a best-effort basis: the wait
    // relay's schedule completes a wait whose event was lost. Same patterns as the local world's
    // rules (src/workflow/wait-relay-rules.ts).
    const awaitedWork = {
      SnapshotEventRule: {
        pattern: snapshotEventPattern(props.snapshotPrefixes),
        description: `Tells the wait relay that a Greenlight snapshot of ${props.environment} changed state`,
      },
      RolloutEventRule: {
        pattern: rolloutEventPattern(props.boundServices),
        description: `Tells the wait relay that an ECS service deployment ended (the relay matches ${props.environment}'s)`,
      },
    };
    for (const [id, { pattern, description }] of Object.entries(awaitedWork)) {
      new events.Rule(this, id, {
        description,
        eventPattern: {
          source: pattern.source,
          detailType: pattern['detail-type'],
          // CDK types resources as strings; a `{ wildcard }` matcher passes through to the pattern as is.
          ...('resources' in pattern && { resources: pattern.resources as string[] }),
          detail: pattern.detail,
        },
        targets: [
          new targets.LambdaFunction(props.waitRelay, {
            retryAttempts: 4,
            maxEventAge: Duration.hours(1),
            deadLetterQueue: this.deadLetters,
          }),
        ],
      });
    }
  }
}

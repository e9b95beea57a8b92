import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { alarmNamePrefix } from '../src/workflow/alarm-names.ts';
import { reconcileEventPattern } from '../src/workflow/reconcile-rule.ts';

export interface GreenlightEventsProps {
  readonly environment: string;
  readonly services: readonly string[];
  readonly deployStateMachine: sfn.IStateMachine;
  readonly alarmRelay: lambda.IFunction;
  /** Closes deployments whose execution ended without closing them (functions/reconcile). */
  readonly reconcile: lambda.IFunction;
}

/**
 * The request bus with its `Deployment Requested` rule, and the default-bus rules that send
 * this environment's Greenlight alarms to the alarm relay and the deploy workflow's abnormal
 * ends to reconcile.
 */
export class GreenlightEvents extends Construct {
  readonly bus: events.EventBus;

  constructor(scope: Construct, id: string, props: GreenlightEventsProps) {
    super(scope, id);
    this.bus = new events.EventBus(this, 'Bus', { eventBusName: `greenlight-${props.environment}` });
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
        new targets.LambdaFunction(props.alarmRelay, { retryAttempts: 4, maxEventAge: Duration.hours(1) }),
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
        new targets.LambdaFunction(props.reconcile, { retryAttempts: 8, maxEventAge: Duration.hours(6) }),
      ],
    });
  }
}

import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { loadBalancerDimension, targetGroupDimension } from '../src/adapters/aws/arns.ts';
import type { Colour } from '../src/ports/colour.ts';
import type { ServiceBinding, VerifyThresholds } from '../src/schema/config.ts';
import { alarmNameFor } from '../src/workflow/alarm-names.ts';

export interface TargetGroupAlarmsProps {
  readonly service: string;
  readonly environment: string;
  readonly colour: Colour;
  readonly binding: ServiceBinding;
  /** Thresholds come from the same verify settings the Verify step uses. */
  readonly verify: VerifyThresholds;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  /** Namespace of the app's 10 s custom metrics; no high-resolution alarms when absent. */
  readonly highResolutionNamespace?: string;
}

/** The ALB metrics of one colour's target group, for alarms and the dashboard. */
export function targetGroupMetrics(binding: ServiceBinding, colour: Colour, period: Duration) {
  const dimensionsMap = {
    TargetGroup: targetGroupDimension(binding.targetGroups[colour]),
    LoadBalancer: loadBalancerDimension(binding.listener),
  };
  const metric = (metricName: string, statistic: string) =>
    new cloudwatch.Metric({ namespace: 'AWS/ApplicationELB', metricName, dimensionsMap, statistic, period });
  return {
    requests: metric('RequestCount', 'Sum'),
    errors5xx: metric('HTTPCode_Target_5XX_Count', 'Sum'),
    p95: metric('TargetResponseTime', 'p95'),
    unhealthyHosts: metric('UnHealthyHostCount', 'Maximum'),
  };
}

/**
 * Alarms on one colour's target group: 5xx rate, p95 latency, unhealthy hosts. Named
 * `greenlight.<service>.<environment>.<colour>.<metric>`, which the alarm relay parses and the
 * Bake and Verify steps look up by prefix. Missing data is not breaching: an idle colour is fine.
 */
export class TargetGroupAlarms extends Construct {
  readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: TargetGroupAlarmsProps) {
    super(scope, id);
    const period = Duration.seconds(props.periodSeconds);
    const metrics = targetGroupMetrics(props.binding, props.colour, period);
    const name = (metric: string) => alarmNameFor(props.service, props.environment, props.colour, metric);
    const common = {
      evaluationPeriods: props.evaluationPeriods,
      datapointsToAlarm: props.datapointsToAlarm,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    };
    const errorRate = new cloudwatch.MathExpression({
      expression: 'IF(requests > 0, 100 * errors / requests, 0)',
      usingMetrics: { requests: metrics.requests, errors: metrics.errors5xx },
      label: `${props.colour} 5xx rate (%)`,
      period,
    });
    this.alarms = [
      new cloudwatch.Alarm(this, 'ErrorRate', {
        ...common,
        alarmName: name('error-rate'),
        alarmDescription: `${props.service} ${props.colour}: target 5xx rate over ${props.verify.maxErrorRatePercent}%`,
        metric: errorRate,
        threshold: props.verify.maxErrorRatePercent,
      }),
      new cloudwatch.Alarm(this, 'P95Latency', {
        ...common,
        alarmName: name('p95-latency'),
        alarmDescription: `${props.service} ${props.colour}: p95 TargetResponseTime over ${props.verify.maxP95Ms} ms`,
        metric: metrics.p95,
        threshold: props.verify.maxP95Ms / 1000,
      }),
      new cloudwatch.Alarm(this, 'UnhealthyHosts', {
        ...common,
        // Seed 000 §6.1: N consecutive health-check failures, so every period must breach.
        evaluationPeriods: props.verify.consecutiveHealthCheckFailures,
        datapointsToAlarm: props.verify.consecutiveHealthCheckFailures,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        alarmName: name('unhealthy-hosts'),
        alarmDescription: `${props.service} ${props.colour}: unhealthy targets for ${props.verify.consecutiveHealthCheckFailures} periods`,
        metric: metrics.unhealthyHosts,
        threshold: 1,
      }),
    ];
    if (props.highResolutionNamespace)
      this.alarms.push(this.highResolutionAlarm(props, name('error-rate-10s')));
  }

  /** A 10 s error-rate alarm on the app's own high-resolution metrics: catches a bad canary in ~30 s. */
  private highResolutionAlarm(props: TargetGroupAlarmsProps, alarmName: string): cloudwatch.Alarm {
    const period = Duration.seconds(10);
    const dimensionsMap = { Service: props.service, Colour: props.colour };
    const metric = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: props.highResolutionNamespace as string,
        metricName,
        dimensionsMap,
        statistic: 'Sum',
        period,
      });
    return new cloudwatch.Alarm(this, 'ErrorRate10s', {
      alarmName,
      alarmDescription: `${props.service} ${props.colour}: 5xx rate over ${props.verify.maxErrorRatePercent}% (10 s, app metrics)`,
      metric: new cloudwatch.MathExpression({
        expression: 'IF(requests > 0, 100 * errors / requests, 0)',
        usingMetrics: { requests: metric('Requests'), errors: metric('Errors5xx') },
        period,
      }),
      threshold: props.verify.maxErrorRatePercent,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });
  }
}

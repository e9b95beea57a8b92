import type { PutMetricAlarmCommandInput } from '@aws-sdk/client-cloudwatch';
import type { Colour } from '../ports/colour.ts';
import type { ServiceBinding, VerifyThresholds } from '../schema/config.ts';
import { alarmNameFor } from '../workflow/alarm-names.ts';
import { albMetricNames, albNamespace } from './metrics/metrics-store.ts';

/** Alarm periods locally: the 10 s of CloudWatch's high-resolution alarms (ALB's own metrics are 60 s). */
export const localAlarmPeriodSeconds = 10;

/**
 * The alarms Greenlight puts on each colour's target group, in PutMetricAlarm shape: the same
 * definitions the CDK construct creates, evaluated locally with CloudWatch's semantics.
 */
export function targetGroupAlarms(input: {
  service: string;
  environment: string;
  binding: ServiceBinding;
  thresholds: VerifyThresholds;
  healthPeriodSeconds: number;
}): PutMetricAlarmCommandInput[] {
  return (['blue', 'green'] as const).flatMap((colour) => alarmsFor(colour, input));
}

function alarmsFor(
  colour: Colour,
  input: {
    service: string;
    environment: string;
    binding: ServiceBinding;
    thresholds: VerifyThresholds;
    healthPeriodSeconds: number;
  },
): PutMetricAlarmCommandInput[] {
  const dimensions = [{ Name: 'TargetGroup', Value: input.binding.targetGroups[colour] }];
  const name = (metric: string) => alarmNameFor(input.service, input.environment, colour, metric);
  const stat = (id: string, metricName: string, statName: string) => ({
    Id: id,
    ReturnData: false,
    MetricStat: {
      Metric: { Namespace: albNamespace, MetricName: metricName, Dimensions: dimensions },
      Period: localAlarmPeriodSeconds,
      Stat: statName,
    },
  });
  return [
    {
      AlarmName: name('5xx-rate'),
      AlarmDescription: `5xx responses of ${colour} above ${input.thresholds.maxErrorRatePercent}% of its requests`,
      Metrics: [
        stat('targetErrors', albMetricNames.target5xx, 'Sum'),
        stat('elbErrors', albMetricNames.elb5xx, 'Sum'),
        stat('requests', albMetricNames.requestCount, 'Sum'),
        {
          Id: 'errorRate',
          Label: `${colour} 5xx rate (%)`,
          Expression: '100 * (FILL(targetErrors, 0) + FILL(elbErrors, 0)) / requests',
          ReturnData: true,
        },
      ],
      EvaluationPeriods: 2,
      DatapointsToAlarm: 1,
      Threshold: input.thresholds.maxErrorRatePercent,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    },
    {
      AlarmName: name('p95-latency'),
      AlarmDescription: `p95 TargetResponseTime of ${colour} above ${input.thresholds.maxP95Ms} ms`,
      Namespace: albNamespace,
      MetricName: albMetricNames.targetResponseTime,
      Dimensions: dimensions,
      ExtendedStatistic: 'p95',
      Period: localAlarmPeriodSeconds,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      Threshold: input.thresholds.maxP95Ms / 1000,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    },
    {
      AlarmName: name('unhealthy-hosts'),
      AlarmDescription: `${colour} has unhealthy targets for ${input.thresholds.consecutiveHealthCheckFailures} periods (seed 000 §6.1)`,
      Namespace: albNamespace,
      MetricName: albMetricNames.unhealthyHostCount,
      Dimensions: dimensions,
      Statistic: 'Maximum',
      Period: input.healthPeriodSeconds,
      EvaluationPeriods: input.thresholds.consecutiveHealthCheckFailures,
      DatapointsToAlarm: input.thresholds.consecutiveHealthCheckFailures,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    },
  ];
}

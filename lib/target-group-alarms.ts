import type { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import {
  type AlarmDefinition,
  type AlarmScope,
  alarmDefinitions,
  albDimensions,
  albMetrics,
  albNamespace,
} from '../src/core/alarm-definitions.ts';
import type { Colour } from '../src/ports/colour.ts';
import type { ServiceBinding } from '../src/schema/config.ts';

/** The ALB metrics of one colour's target group, for the dashboard. */
export function targetGroupMetrics(binding: ServiceBinding, colour: Colour, period: Duration) {
  const dimensionsMap = Object.fromEntries(albDimensions(binding, colour).map((d) => [d.Name, d.Value]));
  const metric = (metricName: string, statistic: string) =>
    new cloudwatch.Metric({ namespace: albNamespace, metricName, dimensionsMap, statistic, period });
  return {
    requests: metric(albMetrics.requestCount, 'Sum'),
    errors5xx: metric(albMetrics.target5xx, 'Sum'),
    p95: metric(albMetrics.targetResponseTime, 'p95'),
    unhealthyHosts: metric(albMetrics.unhealthyHostCount, 'Maximum'),
  };
}

/** PutMetricAlarm's shape (src/core/alarm-definitions.ts) as CloudFormation props: the same fields, camelCase. */
export function cfnAlarmProps(definition: AlarmDefinition): cloudwatch.CfnAlarmProps {
  return {
    alarmName: definition.AlarmName,
    alarmDescription: definition.AlarmDescription,
    metrics: definition.Metrics.map((query) => ({
      id: query.Id,
      returnData: query.ReturnData,
      ...(query.Label === undefined ? {} : { label: query.Label }),
      ...(query.Expression === undefined ? {} : { expression: query.Expression }),
      ...(query.MetricStat === undefined
        ? {}
        : {
            metricStat: {
              metric: {
                namespace: query.MetricStat.Metric.Namespace,
                metricName: query.MetricStat.Metric.MetricName,
                dimensions: query.MetricStat.Metric.Dimensions.map((d) => ({ name: d.Name, value: d.Value })),
              },
              period: query.MetricStat.Period,
              stat: query.MetricStat.Stat,
            },
          }),
    })),
    evaluationPeriods: definition.EvaluationPeriods,
    datapointsToAlarm: definition.DatapointsToAlarm,
    threshold: definition.Threshold,
    comparisonOperator: definition.ComparisonOperator,
    treatMissingData: definition.TreatMissingData,
  };
}

/**
 * Greenlight's alarms on one service, both colours: exactly `alarmDefinitions(scope)`, the
 * definitions the local twin evaluates. Named `greenlight.<service>.<environment>.<colour>.<metric>`,
 * which the alarm relay parses and the Bake and Verify steps look up by prefix.
 */
export class TargetGroupAlarms extends Construct {
  readonly alarms: cloudwatch.IAlarm[];

  constructor(scope: Construct, id: string, props: AlarmScope) {
    super(scope, id);
    this.alarms = alarmDefinitions(props).map((definition) => {
      const metric = definition.AlarmName.split('.').slice(-2).join('-');
      const alarm = new cloudwatch.CfnAlarm(this, metric, cfnAlarmProps(definition));
      return cloudwatch.Alarm.fromAlarmArn(this, `${metric}-ref`, alarm.attrArn);
    });
  }
}

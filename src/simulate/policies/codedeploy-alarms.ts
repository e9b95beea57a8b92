/**
 * The alarms of the CodeDeploy policies: AWS's own example for an ECS blue/green deployment
 * group (the AWS CDK reference for `EcsDeploymentGroup` and `HttpCodeTarget`), per target group:
 * - `Http-5xx`: HTTPCode_Target_5XX_Count, Sum over 1 minute, ≥ 1, one period;
 * - `Unhealthy-Hosts`: UnHealthyHostCount with the CDK's default metric (Average over
 *   5 minutes), ≥ 1, two periods.
 * The CDK's defaults fill the rest: GreaterThanOrEqualToThreshold, missing data treated as
 * missing. They are evaluated by the twin's CloudWatch on ALB's 60-s metrics like any alarm.
 */
import {
  type AlarmDefinition,
  albDimensions,
  albMetrics,
  albNamespace,
} from '../../core/alarm-definitions.ts';
import type { Colour } from '../../ports/colour.ts';
import type { ServiceBinding } from '../../schema/config.ts';

export function codeDeployAlarms(service: string, binding: ServiceBinding): AlarmDefinition[] {
  return (['blue', 'green'] as const).flatMap((colour: Colour) => {
    const metric = (metricName: string, period: number, statistic: string) => ({
      Id: 'm',
      ReturnData: true,
      MetricStat: {
        Metric: {
          Namespace: albNamespace,
          MetricName: metricName,
          Dimensions: albDimensions(binding, colour),
        },
        Period: period,
        Stat: statistic,
      },
    });
    return [
      {
        AlarmName: `codedeploy.${service}.${colour}.Http-5xx`,
        AlarmDescription: `${service} ${colour}: a target 5xx in a minute (AWS's CodeDeploy example)`,
        Metrics: [metric(albMetrics.target5xx, 60, 'Sum')],
        EvaluationPeriods: 1,
        DatapointsToAlarm: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'missing',
      },
      {
        AlarmName: `codedeploy.${service}.${colour}.Unhealthy-Hosts`,
        AlarmDescription: `${service} ${colour}: unhealthy targets over two 5-minute periods (AWS's CodeDeploy example)`,
        Metrics: [metric(albMetrics.unhealthyHostCount, 300, 'Average')],
        EvaluationPeriods: 2,
        DatapointsToAlarm: 2,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'missing',
      },
    ];
  });
}

import type { Colour } from '../ports/colour.ts';
import type { AlarmSettings, ServiceBinding, VerifyThresholds } from '../schema/config.ts';
import { alarmNameFor } from '../workflow/alarm-names.ts';
import { loadBalancerDimension, targetGroupDimension } from './arns.ts';

/**
 * Greenlight's alarms, defined ONCE: the CDK construct creates exactly these
 * (AWS::CloudWatch::Alarm), and the local twin evaluates exactly these. The shape is
 * PutMetricAlarm's (and CloudFormation's), always in the `Metrics` form, so a template test
 * and a twin test read the same objects field by field.
 */
export interface AlarmDefinition {
  readonly AlarmName: string;
  readonly AlarmDescription: string;
  readonly Metrics: readonly AlarmMetricQuery[];
  readonly EvaluationPeriods: number;
  readonly DatapointsToAlarm: number;
  readonly Threshold: number;
  readonly ComparisonOperator: 'GreaterThanThreshold' | 'GreaterThanOrEqualToThreshold' | 'LessThanThreshold';
  readonly TreatMissingData: 'missing' | 'notBreaching' | 'breaching' | 'ignore';
}

export interface MetricDimension {
  readonly Name: string;
  readonly Value: string;
}

export interface AlarmMetricQuery {
  readonly Id: string;
  readonly ReturnData: boolean;
  readonly Label?: string;
  readonly Expression?: string;
  readonly MetricStat?: {
    readonly Metric: {
      readonly Namespace: string;
      readonly MetricName: string;
      readonly Dimensions: readonly MetricDimension[];
    };
    readonly Period: number;
    readonly Stat: string;
  };
}

/** ALB's metrics: published per target group (with its load balancer) every 60 seconds. */
export const albNamespace = 'AWS/ApplicationELB';
export const albPeriodSeconds = 60;
export const albMetrics = {
  requestCount: 'RequestCount',
  target2xx: 'HTTPCode_Target_2XX_Count',
  target3xx: 'HTTPCode_Target_3XX_Count',
  target4xx: 'HTTPCode_Target_4XX_Count',
  target5xx: 'HTTPCode_Target_5XX_Count',
  /** Connections to a target that failed: the ALB answers 502 itself, so no target 5xx is counted. */
  targetConnectionErrors: 'TargetConnectionErrorCount',
  /** The ALB's own 5xx: per load balancer only (no TargetGroup dimension). */
  elb5xx: 'HTTPCode_ELB_5XX_Count',
  targetResponseTime: 'TargetResponseTime',
  healthyHostCount: 'HealthyHostCount',
  unhealthyHostCount: 'UnHealthyHostCount',
} as const;

/**
 * The app's own high-resolution metrics (StorageResolution 1, read at 10 s), per
 * Service / Environment / Colour: every task publishes `Requests` (also 0) and `Errors5xx`
 * counts and `LatencyMs` samples each 10 s. They are what lets a bad canary be caught in
 * seconds instead of minutes, and a silent one (crashed, publishing nothing) at all.
 */
export const appMetrics = {
  requests: 'Requests',
  errors5xx: 'Errors5xx',
  latencyMs: 'LatencyMs',
} as const;
export const highResolutionPeriodSeconds = 10;

export interface AlarmScope {
  readonly service: string;
  readonly environment: string;
  readonly binding: ServiceBinding;
  readonly verify: VerifyThresholds;
  readonly alarms: AlarmSettings;
}

/** Every alarm Greenlight puts on one service: both colours, standard and high resolution. */
export function alarmDefinitions(scope: AlarmScope): AlarmDefinition[] {
  return (['blue', 'green'] as const).flatMap((colour) => [
    ...standardAlarms(scope, colour),
    ...(scope.alarms.highResolutionNamespace ? highResolutionAlarms(scope, colour) : []),
  ]);
}

/** The ALB dimensions of one colour: its target group, with its load balancer (as ALB publishes them). */
export function albDimensions(binding: ServiceBinding, colour: Colour): MetricDimension[] {
  return [
    { Name: 'LoadBalancer', Value: loadBalancerDimension(binding.listener) },
    { Name: 'TargetGroup', Value: targetGroupDimension(binding.targetGroups[colour]) },
  ];
}

/** The dimensions of the app's high-resolution metrics for one colour. */
export function appDimensions(service: string, environment: string, colour: Colour): MetricDimension[] {
  return [
    { Name: 'Service', Value: service },
    { Name: 'Environment', Value: environment },
    { Name: 'Colour', Value: colour },
  ];
}

const stat = (
  id: string,
  namespace: string,
  metricName: string,
  dimensions: readonly MetricDimension[],
  period: number,
  statistic: string,
  returnData = false,
): AlarmMetricQuery => ({
  Id: id,
  ReturnData: returnData,
  MetricStat: {
    Metric: { Namespace: namespace, MetricName: metricName, Dimensions: dimensions },
    Period: period,
    Stat: statistic,
  },
});

function standardAlarms(scope: AlarmScope, colour: Colour): AlarmDefinition[] {
  const { service, environment, binding, verify, alarms } = scope;
  const name = (metric: string) => alarmNameFor(service, environment, colour, metric);
  const dims = albDimensions(binding, colour);
  const period = alarms.periodSeconds;
  const albStat = (id: string, metricName: string, statistic: string, returnData = false) =>
    stat(id, albNamespace, metricName, dims, period, statistic, returnData);
  const mOfN = { EvaluationPeriods: alarms.evaluationPeriods, DatapointsToAlarm: alarms.datapointsToAlarm };
  return [
    {
      AlarmName: name('error-rate'),
      AlarmDescription: `${service} ${colour}: 5xx and failed connections over ${verify.maxErrorRatePercent}% of its requests (ALB, ${period} s)`,
      Metrics: [
        albStat('requests', albMetrics.requestCount, 'Sum'),
        albStat('errors', albMetrics.target5xx, 'Sum'),
        albStat('connectionErrors', albMetrics.targetConnectionErrors, 'Sum'),
        {
          Id: 'errorRate',
          Label: `${colour} error rate (%)`,
          Expression: 'IF(requests > 0, 100 * (FILL(errors, 0) + FILL(connectionErrors, 0)) / requests, 0)',
          ReturnData: true,
        },
      ],
      ...mOfN,
      Threshold: verify.maxErrorRatePercent,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    },
    {
      AlarmName: name('p95-latency'),
      AlarmDescription: `${service} ${colour}: p95 TargetResponseTime over ${verify.maxP95Ms} ms (ALB, ${period} s)`,
      Metrics: [albStat('p95', albMetrics.targetResponseTime, 'p95', true)],
      ...mOfN,
      Threshold: verify.maxP95Ms / 1000,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    },
    {
      AlarmName: name('unhealthy-hosts'),
      // The target group's own health check counts the consecutive failures (seed 000 §6.1:
      // 3 in a row); any minute with an unhealthy target then breaches.
      AlarmDescription: `${service} ${colour}: a target failed ${verify.consecutiveHealthCheckFailures} health checks in a row (ALB, ${period} s)`,
      Metrics: [albStat('unhealthy', albMetrics.unhealthyHostCount, 'Maximum', true)],
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    },
  ];
}

function highResolutionAlarms(scope: AlarmScope, colour: Colour): AlarmDefinition[] {
  const { service, environment, verify, alarms } = scope;
  const namespace = alarms.highResolutionNamespace as string;
  const name = (metric: string) => alarmNameFor(service, environment, colour, metric);
  const period = highResolutionPeriodSeconds;
  const app = (id: string, metricName: string, statistic: string, of: Colour = colour, returnData = false) =>
    stat(id, namespace, metricName, appDimensions(service, environment, of), period, statistic, returnData);
  const other: Colour = colour === 'blue' ? 'green' : 'blue';
  return [
    {
      AlarmName: name('error-rate-10s'),
      AlarmDescription: `${service} ${colour}: 5xx over ${verify.maxErrorRatePercent}% of its requests (app metrics, ${period} s)`,
      Metrics: [
        app('requests', appMetrics.requests, 'Sum'),
        app('errors', appMetrics.errors5xx, 'Sum'),
        {
          Id: 'errorRate',
          Label: `${colour} error rate (%), 10 s`,
          Expression: 'IF(requests > 0, 100 * FILL(errors, 0) / requests, 0)',
          ReturnData: true,
        },
      ],
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      Threshold: verify.maxErrorRatePercent,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    },
    {
      AlarmName: name('latency-vs-other-10s'),
      // Seed 003: performance degraded by more than N% against the other colour, same seconds.
      AlarmDescription: `${service} ${colour}: p95 over ${verify.maxLatencyIncreasePercent}% above ${other}'s, and over ${verify.latencyNoiseFloorMs} ms (app metrics, ${period} s)`,
      Metrics: [
        app('mine', appMetrics.latencyMs, 'p95'),
        app('theirs', appMetrics.latencyMs, 'p95', other),
        {
          Id: 'increase',
          Label: `${colour} p95 above ${other} (%), 10 s`,
          Expression: `IF(mine > ${verify.latencyNoiseFloorMs} AND theirs > 0, 100 * (mine - theirs) / theirs, 0)`,
          ReturnData: true,
        },
      ],
      EvaluationPeriods: 2,
      DatapointsToAlarm: 2,
      Threshold: verify.maxLatencyIncreasePercent,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    },
    {
      AlarmName: name('silent-10s'),
      // A running task publishes Requests every 10 s, 0 included; none at all means it is gone.
      // FILL, not TreatMissingData: CloudWatch would let older datapoints of the evaluation
      // range stand in for the missing ones and notice the silence only periods later. Two
      // periods, so one late publication is not an alarm. Outside a bake or standby the relay
      // ignores it (a colour scaled to zero is silent too).
      AlarmDescription: `${service} ${colour}: published no metrics for ${2 * period} s (crashed or hung)`,
      Metrics: [
        app('published', appMetrics.requests, 'SampleCount'),
        {
          Id: 'publications',
          Label: `${colour} publications, 10 s`,
          Expression: 'FILL(published, 0)',
          ReturnData: true,
        },
      ],
      EvaluationPeriods: 2,
      DatapointsToAlarm: 2,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    },
  ];
}

import type { MetricDataQuery, StateValue } from '@aws-sdk/client-cloudwatch';
import { type EventBridgeEventShape, eventTime } from '../events/event-types.ts';
import type { Datapoint } from './alarm-decision.ts';
import type { AlarmDefinition } from './alarm-definition.ts';

/** `detail.state` / `detail.previousState` of a CloudWatch Alarm State Change event. */
export interface AlarmStateDetail {
  readonly value: StateValue;
  readonly reason: string;
  /** JSON text, as CloudWatch sends it; absent for the initial "Unchecked" state. */
  readonly reasonData?: string;
  /** e.g. `2026-11-22T03:10:00.000+0000`. */
  readonly timestamp: string;
}

/** One entry of `detail.configuration.metrics`, as CloudWatch writes it (camelCase, dimensions as a map). */
export interface AlarmEventMetric {
  readonly id: string;
  readonly metricStat?: {
    readonly metric: {
      readonly namespace: string;
      readonly name: string;
      readonly dimensions: Readonly<Record<string, string>>;
    };
    readonly period: number;
    readonly stat: string;
  };
  readonly expression?: string;
  readonly label?: string;
  readonly returnData: boolean;
}

export interface AlarmStateChangeDetail {
  readonly alarmName: string;
  readonly state: AlarmStateDetail;
  readonly previousState: AlarmStateDetail;
  readonly configuration: { readonly description?: string; readonly metrics: readonly AlarmEventMetric[] };
}

/** The event EventBridge receives from CloudWatch when an alarm changes state. */
export type AlarmStateChangeEvent = EventBridgeEventShape<
  'CloudWatch Alarm State Change',
  AlarmStateChangeDetail
> & {
  readonly source: 'aws.cloudwatch';
};

/** CloudWatch's timestamp format in alarm events and reason data: millisecond ISO with `+0000`. */
export function cloudWatchTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('Z', '+0000');
}

/** ARN of an alarm, e.g. `arn:aws:cloudwatch:us-east-1:000000000000:alarm:greenlight-5xx`. */
export function alarmArn(region: string, account: string, alarmName: string): string {
  return `arn:aws:cloudwatch:${region}:${account}:alarm:${alarmName}`;
}

/**
 * The `StateReasonData` JSON CloudWatch attaches to threshold evaluations, as in the guide's
 * samples: `statistic` only for a single-metric alarm (a metric math alarm has none),
 * `recentDatapoints` oldest first.
 */
export function reasonData(
  definition: AlarmDefinition,
  evaluated: readonly Datapoint[],
  startMs: number,
  queryDateMs: number,
): string {
  const statistic = definition.input.Metrics === undefined ? definition.input.Statistic : undefined;
  const extended = definition.input.Metrics === undefined ? definition.input.ExtendedStatistic : undefined;
  return JSON.stringify({
    version: '1.0',
    queryDate: cloudWatchTimestamp(queryDateMs),
    startDate: cloudWatchTimestamp(startMs),
    ...(statistic === undefined ? {} : { statistic }),
    ...(extended === undefined ? {} : { extendedStatistic: extended }),
    period: definition.periodSeconds,
    recentDatapoints: evaluated.map((d) => d.value),
    threshold: definition.threshold,
  });
}

function eventMetric(query: MetricDataQuery, fallbackId: string): AlarmEventMetric {
  const stat = query.MetricStat;
  return {
    id: query.Id ?? fallbackId,
    ...(stat === undefined
      ? {}
      : {
          metricStat: {
            metric: {
              namespace: stat.Metric?.Namespace ?? '',
              name: stat.Metric?.MetricName ?? '',
              dimensions: Object.fromEntries(
                (stat.Metric?.Dimensions ?? []).map((d) => [d.Name ?? '', d.Value ?? '']),
              ),
            },
            period: stat.Period ?? 0,
            stat: stat.Stat ?? '',
          },
        }),
    ...(query.Expression === undefined ? {} : { expression: query.Expression }),
    ...(query.Label === undefined ? {} : { label: query.Label }),
    returnData: query.ReturnData !== false,
  };
}

export interface AlarmEventInput {
  readonly id: string;
  readonly account: string;
  readonly region: string;
  readonly atMs: number;
  readonly definition: AlarmDefinition;
  readonly state: AlarmStateDetail;
  readonly previousState: AlarmStateDetail;
}

/** Builds the `CloudWatch Alarm State Change` event exactly as EventBridge delivers it. */
export function alarmStateChangeEvent(input: AlarmEventInput): AlarmStateChangeEvent {
  const { definition } = input;
  const description = definition.input.AlarmDescription;
  return {
    version: '0',
    id: input.id,
    'detail-type': 'CloudWatch Alarm State Change',
    source: 'aws.cloudwatch',
    account: input.account,
    time: eventTime(input.atMs),
    region: input.region,
    resources: [alarmArn(input.region, input.account, definition.name)],
    detail: {
      alarmName: definition.name,
      state: input.state,
      previousState: input.previousState,
      configuration: {
        ...(description === undefined ? {} : { description }),
        metrics: definition.queries.map((query, index) =>
          eventMetric(
            definition.input.Metrics === undefined ? { ...query, Id: `${input.id}-m${index}` } : query,
            `m${index}`,
          ),
        ),
      },
    },
  };
}

import type {
  ComparisonOperator,
  MetricDataQuery,
  PutMetricAlarmCommandInput,
} from '@aws-sdk/client-cloudwatch';
import { ConfigError } from '../../errors.ts';
import { parseMetricMath, referencedIds } from '../metrics/metric-math.ts';
import { parseStat } from '../metrics/statistics.ts';

export const supportedComparisons = [
  'GreaterThanThreshold',
  'GreaterThanOrEqualToThreshold',
  'LessThanThreshold',
  'LessThanOrEqualToThreshold',
] as const;
export type SupportedComparison = (typeof supportedComparisons)[number];

export const treatMissingDataModes = ['missing', 'notBreaching', 'breaching', 'ignore'] as const;
export type TreatMissingData = (typeof treatMissingDataModes)[number];

/** A validated alarm: the original input plus what evaluation needs, defaults applied. */
export interface AlarmDefinition {
  readonly input: PutMetricAlarmCommandInput;
  readonly name: string;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  /** M of "M out of N"; defaults to EvaluationPeriods. */
  readonly datapointsToAlarm: number;
  readonly threshold: number;
  readonly comparison: SupportedComparison;
  readonly treatMissingData: TreatMissingData;
  /** GetMetricData queries that produce the alarm's series; only `returnId` has ReturnData true. */
  readonly queries: readonly MetricDataQuery[];
  readonly returnId: string;
}

const fail = (name: string | undefined, problem: string): never => {
  throw new ConfigError(`alarm ${JSON.stringify(name)}: ${problem}`);
};

const isPositiveInteger = (value: unknown): value is number =>
  Number.isInteger(value) && (value as number) >= 1;

/**
 * Validates a PutMetricAlarm input for local evaluation; throws ConfigError naming the alarm,
 * the bad value and the fix. Anomaly-detection and Metrics Insights alarms are not supported.
 */
export function defineAlarm(input: PutMetricAlarmCommandInput): AlarmDefinition {
  const name = input.AlarmName;
  if (!name) return fail(name, 'AlarmName is required');
  const comparison = input.ComparisonOperator as ComparisonOperator | undefined;
  if (!supportedComparisons.includes(comparison as SupportedComparison)) {
    fail(
      name,
      `ComparisonOperator ${JSON.stringify(comparison)} is not supported: use one of ${supportedComparisons.join(', ')}`,
    );
  }
  if (typeof input.Threshold !== 'number' || !Number.isFinite(input.Threshold)) {
    fail(name, `Threshold must be a finite number; got ${String(input.Threshold)}`);
  }
  const evaluationPeriods = input.EvaluationPeriods;
  if (!isPositiveInteger(evaluationPeriods)) {
    return fail(name, `EvaluationPeriods must be a whole number >= 1; got ${String(evaluationPeriods)}`);
  }
  const datapointsToAlarm = input.DatapointsToAlarm ?? evaluationPeriods;
  if (!isPositiveInteger(datapointsToAlarm) || datapointsToAlarm > evaluationPeriods) {
    fail(
      name,
      `DatapointsToAlarm must be between 1 and EvaluationPeriods (${evaluationPeriods}); got ${datapointsToAlarm}`,
    );
  }
  const treatMissingData = (input.TreatMissingData ?? 'missing') as TreatMissingData;
  if (!treatMissingDataModes.includes(treatMissingData)) {
    fail(
      name,
      `TreatMissingData ${JSON.stringify(input.TreatMissingData)} is invalid: use one of ${treatMissingDataModes.join(', ')}`,
    );
  }
  const { queries, returnId, periodSeconds } =
    input.Metrics === undefined ? singleMetric(input, name) : metricMath(input.Metrics, name);
  return {
    input: structuredClone(input),
    name,
    periodSeconds,
    evaluationPeriods,
    datapointsToAlarm,
    threshold: input.Threshold as number,
    comparison: comparison as SupportedComparison,
    treatMissingData,
    queries,
    returnId,
  };
}

function singleMetric(input: PutMetricAlarmCommandInput, name: string) {
  if (!input.Namespace || !input.MetricName) fail(name, 'give Namespace and MetricName, or Metrics');
  if ((input.Statistic === undefined) === (input.ExtendedStatistic === undefined)) {
    fail(name, 'give exactly one of Statistic (e.g. Average) or ExtendedStatistic (e.g. p95)');
  }
  const stat = (input.Statistic ?? input.ExtendedStatistic) as string;
  rethrowAsConfig(name, () => parseStat(stat));
  const periodSeconds = input.Period;
  if (!isPositiveInteger(periodSeconds)) {
    return fail(name, `Period must be a whole number of seconds >= 1; got ${String(periodSeconds)}`);
  }
  const query: MetricDataQuery = {
    Id: 'm1',
    MetricStat: {
      Metric: {
        Namespace: input.Namespace,
        MetricName: input.MetricName,
        Dimensions: input.Dimensions ?? [],
      },
      Period: periodSeconds,
      Stat: stat,
    },
    ReturnData: true,
  };
  return { queries: [query], returnId: 'm1', periodSeconds };
}

function metricMath(metrics: readonly MetricDataQuery[], name: string) {
  const returned = metrics.filter((query) => query.ReturnData !== false);
  if (returned.length !== 1) {
    fail(
      name,
      `Metrics must have exactly one query with ReturnData true (the others false); found ${returned.length}`,
    );
  }
  const ids = new Set(metrics.map((query) => query.Id));
  for (const query of metrics) {
    if (query.Expression === undefined) continue;
    const node = rethrowAsConfig(name, () => parseMetricMath(query.Expression as string));
    const unknown = referencedIds(node).filter((id) => !ids.has(id));
    if (unknown.length > 0)
      fail(name, `expression "${query.Id}" refers to unknown ids: ${unknown.join(', ')}`);
  }
  const stats = metrics.flatMap((query) => (query.MetricStat === undefined ? [] : [query.MetricStat]));
  for (const stat of stats) rethrowAsConfig(name, () => parseStat(stat.Stat));
  const periodSeconds = returned[0]?.Period ?? stats[0]?.Period;
  if (!isPositiveInteger(periodSeconds)) {
    return fail(name, 'Metrics needs at least one MetricStat with a Period (whole seconds >= 1)');
  }
  if (stats.some((stat) => stat.Period !== periodSeconds)) {
    fail(name, `every MetricStat in Metrics must use the same Period (${periodSeconds} s)`);
  }
  return { queries: structuredClone(metrics), returnId: returned[0]?.Id as string, periodSeconds };
}

function rethrowAsConfig<T>(name: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    return fail(name, error instanceof Error ? error.message : String(error));
  }
}

import type {
  Dimension,
  GetMetricDataCommandInput,
  GetMetricDataCommandOutput,
  MetricDataQuery,
  MetricDataResult,
} from '@aws-sdk/client-cloudwatch';
import { InvalidRequestError } from '../../errors.ts';
import { type MetricMathNode, parseMetricMath, referencedIds } from './metric-math.ts';
import { evaluateMetricMath, type MathValue, type TimeSeries } from './metric-math-eval.ts';
import { collectPeriods, type Series } from './series.ts';
import { parseStat, statValue } from './statistics.ts';

/** Finds the stored series for a metric identity (exact dimension match, like CloudWatch). */
export type SeriesLookup = (
  namespace: string,
  metricName: string,
  dimensions: readonly Dimension[],
) => Series | undefined;

const idPattern = /^[a-z][a-zA-Z0-9_]*$/;

/**
 * Answers a GetMetricData request from stored series.
 *
 * - Data is read from [StartTime, EndTime) and grouped into periods starting at
 *   floor(t / Period) * Period (epoch seconds), like CloudWatch; periods without data are
 *   omitted (missing data), so a period that is still filling is returned as it stands.
 * - `ScanBy` defaults to TimestampDescending, as in CloudWatch.
 * - An expression's period is its own `Period`, else that of the first query it references.
 * - Only queries with `ReturnData` not false are returned, in request order.
 * - Datapoints not yet published at `asOfMs` (each series' publication delay) are missing.
 */
export function runGetMetricData(
  input: GetMetricDataCommandInput,
  lookup: SeriesLookup,
  asOfMs = Number.POSITIVE_INFINITY,
): GetMetricDataCommandOutput {
  const { startMs, endMs } = validateRange(input);
  const queries = validateQueries(input.MetricDataQueries);
  const byId = new Map(queries.map((query) => [query.Id as string, query]));
  const parsed = new Map<string, MetricMathNode>();
  for (const query of queries) {
    if (query.Expression !== undefined) parsed.set(query.Id as string, parseMetricMath(query.Expression));
  }

  const periodOf = (id: string, seen: Set<string> = new Set()): number => {
    const query = byId.get(id);
    if (query === undefined) return 60;
    if (query.MetricStat !== undefined) return query.MetricStat.Period as number;
    if (query.Period !== undefined) return query.Period;
    seen.add(id);
    const next = referencedIds(parsed.get(id) as MetricMathNode).find(
      (ref) => byId.has(ref) && !seen.has(ref),
    );
    return next === undefined ? 60 : periodOf(next, seen);
  };

  const values = new Map<string, MathValue>();
  const resolving = new Set<string>();
  const resultOf = (id: string): MathValue => {
    const known = values.get(id);
    if (known !== undefined) return known;
    const query = byId.get(id);
    if (query === undefined) {
      throw new InvalidRequestError(
        `metric math refers to query id "${id}", which is not in MetricDataQueries`,
      );
    }
    if (resolving.has(id)) {
      throw new InvalidRequestError(`metric math expressions refer to each other in a cycle through "${id}"`);
    }
    resolving.add(id);
    const periodSeconds = periodOf(id);
    const value =
      query.MetricStat !== undefined
        ? readMetricStat(query, startMs, endMs, lookup, asOfMs)
        : evaluateMetricMath(parsed.get(id) as MetricMathNode, {
            resolve: resultOf,
            timestamps: periodStarts(startMs, endMs, periodSeconds),
          });
    resolving.delete(id);
    values.set(id, value);
    return value;
  };

  const descending = (input.ScanBy ?? 'TimestampDescending') === 'TimestampDescending';
  const results: MetricDataResult[] = queries
    .filter((query) => query.ReturnData !== false)
    .map((query) => {
      const id = query.Id as string;
      const value = resultOf(id);
      const series: TimeSeries =
        typeof value === 'number'
          ? new Map(periodStarts(startMs, endMs, periodOf(id)).map((t) => [t, value]))
          : value;
      const timestamps = [...series.keys()].sort((a, b) => (descending ? b - a : a - b));
      return {
        Id: id,
        Label: query.Label ?? query.MetricStat?.Metric?.MetricName ?? id,
        Timestamps: timestamps.map((t) => new Date(t)),
        Values: timestamps.map((t) => series.get(t) as number),
        StatusCode: 'Complete',
        Messages: [],
      };
    });
  return { $metadata: {}, MetricDataResults: results, Messages: [] };
}

function readMetricStat(
  query: MetricDataQuery,
  startMs: number,
  endMs: number,
  lookup: SeriesLookup,
  asOfMs: number,
): TimeSeries {
  const stat = query.MetricStat!;
  const metric = stat.Metric!;
  const parsedStat = parseStat(stat.Stat);
  const series = lookup(metric.Namespace as string, metric.MetricName as string, metric.Dimensions ?? []);
  const result = new Map<number, number>();
  if (series === undefined) return result;
  const periodSeconds = stat.Period as number;
  const startSecond = Math.floor(startMs / 1000 / periodSeconds) * periodSeconds;
  const endSecond = Math.ceil(endMs / 1000);
  const periods = collectPeriods(series, startSecond, endSecond, periodSeconds, asOfMs / 1000);
  for (const [periodStart, data] of periods) {
    const value = statValue(parsedStat, data.aggregate, data.samples);
    if (value !== null) result.set(periodStart * 1000, value);
  }
  return result;
}

/** Every aligned period start (epoch ms) whose period begins before `endMs`. */
export function periodStarts(startMs: number, endMs: number, periodSeconds: number): number[] {
  const periodMs = periodSeconds * 1000;
  const starts: number[] = [];
  for (let t = Math.floor(startMs / periodMs) * periodMs; t < endMs; t += periodMs) starts.push(t);
  return starts;
}

function validateRange(input: GetMetricDataCommandInput): { startMs: number; endMs: number } {
  const startMs = input.StartTime instanceof Date ? input.StartTime.getTime() : Number.NaN;
  const endMs = input.EndTime instanceof Date ? input.EndTime.getTime() : Number.NaN;
  if (Number.isNaN(startMs) || Number.isNaN(endMs)) {
    throw new InvalidRequestError('GetMetricData needs StartTime and EndTime as valid Date objects');
  }
  if (startMs >= endMs) {
    throw new InvalidRequestError(
      `GetMetricData StartTime (${new Date(startMs).toISOString()}) must be before EndTime (${new Date(endMs).toISOString()})`,
    );
  }
  return { startMs, endMs };
}

function validateQueries(queries: MetricDataQuery[] | undefined): MetricDataQuery[] {
  if (queries === undefined || queries.length === 0) {
    throw new InvalidRequestError('GetMetricData needs at least one entry in MetricDataQueries');
  }
  const seen = new Set<string>();
  for (const query of queries) {
    const id = query.Id;
    if (id === undefined || !idPattern.test(id)) {
      throw new InvalidRequestError(
        `query Id ${JSON.stringify(id)} is invalid: it must start with a lowercase letter and contain only letters, digits and _`,
      );
    }
    if (seen.has(id)) throw new InvalidRequestError(`query Id "${id}" is used twice in MetricDataQueries`);
    seen.add(id);
    if ((query.MetricStat === undefined) === (query.Expression === undefined)) {
      throw new InvalidRequestError(`query "${id}" must have exactly one of MetricStat or Expression`);
    }
    const stat = query.MetricStat;
    if (stat !== undefined) {
      if (!stat.Metric?.Namespace || !stat.Metric.MetricName) {
        throw new InvalidRequestError(`query "${id}" MetricStat.Metric needs a Namespace and a MetricName`);
      }
      if (stat.Period === undefined || !Number.isInteger(stat.Period) || stat.Period < 1) {
        throw new InvalidRequestError(
          `query "${id}" MetricStat.Period must be a whole number of seconds >= 1; got ${String(stat.Period)}`,
        );
      }
      parseStat(stat.Stat);
    }
    if (query.Period !== undefined && (!Number.isInteger(query.Period) || query.Period < 1)) {
      throw new InvalidRequestError(
        `query "${id}" Period must be a whole number of seconds >= 1; got ${query.Period}`,
      );
    }
  }
  return queries;
}

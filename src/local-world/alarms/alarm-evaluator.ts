import { randomUUID } from 'node:crypto';
import type {
  AlarmHistoryItem,
  DescribeAlarmsCommandInput,
  DescribeAlarmsCommandOutput,
  GetMetricDataCommandInput,
  GetMetricDataCommandOutput,
  MetricAlarm,
  PutMetricAlarmCommandInput,
  StateValue,
} from '@aws-sdk/client-cloudwatch';
import { ResourceNotFoundError } from '../../errors.ts';
import { type Clock, systemClock } from '../../ports/clock.ts';
import type { WorldClock } from '../clock/world-clock.ts';
import { type Datapoint, decideAlarmState, evaluationRangeFor } from './alarm-decision.ts';
import { type AlarmDefinition, defineAlarm } from './alarm-definition.ts';
import {
  type AlarmStateChangeEvent,
  type AlarmStateDetail,
  alarmArn,
  alarmStateChangeEvent,
  cloudWatchTimestamp,
  reasonData,
} from './alarm-event.ts';

export interface AlarmEvaluatorOptions {
  /** Where the metrics come from: the local metrics store (or anything GetMetricData-shaped). */
  readonly metrics: { getMetricData(input: GetMetricDataCommandInput): GetMetricDataCommandOutput };
  /** Receives every state change; awaited. Typically `(event) => bus.publish(event)`. */
  readonly sink: (event: AlarmStateChangeEvent) => unknown;
  /** @default '000000000000' */
  readonly account?: string;
  /** @default 'us-east-1' */
  readonly region?: string;
  /**
   * Time of alarm creation and configuration updates (evaluation times are passed to `evaluate`).
   * @default systemClock
   */
  readonly clock?: Clock;
  /** @default crypto.randomUUID */
  readonly newId?: () => string;
  /**
   * Errors of evaluations run by `start` (a failing sink, a failing metrics source).
   * @default - written to stderr
   */
  readonly onError?: (error: unknown) => void;
}

/** One state change, as returned by `evaluate` and kept in the history. */
export interface AlarmTransition {
  readonly alarmName: string;
  readonly from: StateValue;
  readonly to: StateValue;
  readonly reason: string;
  readonly atMs: number;
  readonly event: AlarmStateChangeEvent;
}

export interface AlarmEvaluator {
  /** Creates or replaces an alarm (PutMetricAlarm semantics: an update keeps the current state). */
  putMetricAlarm(input: PutMetricAlarmCommandInput): void;
  deleteAlarms(input: { AlarmNames: readonly string[] }): void;
  /** Evaluates every alarm over its last N complete periods at world time `nowMs`; emits and returns the transitions. */
  evaluate(nowMs: number): Promise<AlarmTransition[]>;
  /**
   * Evaluates on the clock as CloudWatch does: alarms with a period of a minute or more every
   * minute, high-resolution ones (10 s, 30 s) every 10 seconds.
   */
  start(clock: WorldClock): void;
  stop(): void;
  /** DescribeAlarms-shaped view of the metric alarms, by name. */
  describeAlarms(input?: DescribeAlarmsCommandInput): DescribeAlarmsCommandOutput;
  /** State changes, oldest first, DescribeAlarmHistory-shaped (`HistoryItemType: 'StateUpdate'`). */
  history(alarmName?: string): AlarmHistoryItem[];
}

interface AlarmRecord {
  definition: AlarmDefinition;
  state: AlarmStateDetail;
  stateUpdatedMs: number;
  configUpdatedMs: number;
}

/** "If the alarm period is 10 seconds or 30 seconds, the alarm is evaluated every 10 seconds." */
const highResolutionCadenceMs = 10_000;
/** "For any period of one minute or longer, an alarm is evaluated every minute." */
const standardCadenceMs = 60_000;

/** Whether an alarm of this period is evaluated at `nowMs` (ticks come every 10 s). */
function isDue(periodSeconds: number, nowMs: number): boolean {
  if (periodSeconds < 60) return true;
  return Math.floor(nowMs / highResolutionCadenceMs) % (standardCadenceMs / highResolutionCadenceMs) === 0;
}

/** Creates a CloudWatch-like alarm evaluator; see `decideAlarmState` for the state rules. */
export function createAlarmEvaluator(options: AlarmEvaluatorOptions): AlarmEvaluator {
  const account = options.account ?? '000000000000';
  const region = options.region ?? 'us-east-1';
  const clock = options.clock ?? systemClock;
  const newId = options.newId ?? randomUUID;
  const onError = options.onError ?? ((error: unknown) => console.error('alarm evaluation failed:', error));
  const alarms = new Map<string, AlarmRecord>();
  const historyItems: AlarmHistoryItem[] = [];
  let stopTimer: (() => void) | undefined;

  const evaluateOne = async (record: AlarmRecord, nowMs: number): Promise<AlarmTransition | undefined> => {
    const { definition } = record;
    const periodMs = definition.periodSeconds * 1000;
    const endMs = Math.floor(nowMs / periodMs) * periodMs;
    const startMs = endMs - evaluationRangeFor(definition.evaluationPeriods) * periodMs;
    const output = options.metrics.getMetricData({
      MetricDataQueries: definition.queries.map((q) => ({ ...q, ReturnData: q.Id === definition.returnId })),
      StartTime: new Date(startMs),
      EndTime: new Date(endMs),
      ScanBy: 'TimestampAscending',
    });
    const result = output.MetricDataResults?.find((r) => r.Id === definition.returnId);
    const byTime = new Map(
      (result?.Timestamps ?? []).map((t, i) => [t.getTime(), result?.Values?.[i] ?? null]),
    );
    const datapoints: Datapoint[] = [];
    for (let t = startMs; t < endMs; t += periodMs)
      datapoints.push({ timestampMs: t, value: byTime.get(t) ?? null });

    const decision = decideAlarmState({
      range: datapoints,
      evaluationPeriods: definition.evaluationPeriods,
      datapointsToAlarm: definition.datapointsToAlarm,
      threshold: definition.threshold,
      comparison: definition.comparison,
      treatMissingData: definition.treatMissingData,
      currentState: record.state.value,
    });
    if (decision.state === record.state.value) return undefined;

    const previousState = record.state;
    const state: AlarmStateDetail = {
      value: decision.state,
      reason: decision.reason,
      reasonData: reasonData(
        definition,
        decision.evaluated,
        decision.evaluated[0]?.timestampMs ?? datapoints[0]?.timestampMs ?? nowMs,
        nowMs,
      ),
      timestamp: cloudWatchTimestamp(nowMs),
    };
    record.state = state;
    record.stateUpdatedMs = nowMs;
    const event = alarmStateChangeEvent({
      id: newId(),
      account,
      region,
      atMs: nowMs,
      definition,
      state,
      previousState,
    });
    historyItems.push({
      AlarmName: definition.name,
      AlarmType: 'MetricAlarm',
      Timestamp: new Date(nowMs),
      HistoryItemType: 'StateUpdate',
      HistorySummary: `Alarm updated from ${previousState.value} to ${state.value}`,
      HistoryData: JSON.stringify({ version: '1.0', oldState: previousState, newState: state }),
    });
    return {
      alarmName: definition.name,
      from: previousState.value,
      to: state.value,
      reason: state.reason,
      atMs: nowMs,
      event,
    };
  };

  const evaluate = async (nowMs: number, onlyDue = false): Promise<AlarmTransition[]> => {
    const transitions: AlarmTransition[] = [];
    const errors: unknown[] = [];
    for (const record of [...alarms.values()]) {
      if (onlyDue && !isDue(record.definition.periodSeconds, nowMs)) continue;
      try {
        const transition = await evaluateOne(record, nowMs);
        if (transition === undefined) continue;
        transitions.push(transition);
        await options.sink(transition.event);
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, `${errors.length} alarm evaluations failed`);
    return transitions;
  };

  const toMetricAlarm = (record: AlarmRecord): MetricAlarm => {
    const input = structuredClone(record.definition.input);
    delete input.Tags;
    return {
      ...input,
      AlarmArn: alarmArn(region, account, record.definition.name),
      ActionsEnabled: input.ActionsEnabled ?? true,
      DatapointsToAlarm: record.definition.datapointsToAlarm,
      TreatMissingData: record.definition.treatMissingData,
      AlarmConfigurationUpdatedTimestamp: new Date(record.configUpdatedMs),
      StateValue: record.state.value,
      StateReason: record.state.reason,
      ...(record.state.reasonData === undefined ? {} : { StateReasonData: record.state.reasonData }),
      StateUpdatedTimestamp: new Date(record.stateUpdatedMs),
      StateTransitionedTimestamp: new Date(record.stateUpdatedMs),
    };
  };

  return {
    putMetricAlarm(input) {
      const definition = defineAlarm(input);
      const nowMs = clock.nowMs();
      const existing = alarms.get(definition.name);
      if (existing !== undefined) {
        existing.definition = definition;
        existing.configUpdatedMs = nowMs;
        return;
      }
      alarms.set(definition.name, {
        definition,
        state: {
          value: 'INSUFFICIENT_DATA',
          reason: 'Unchecked: Initial alarm creation',
          timestamp: cloudWatchTimestamp(nowMs),
        },
        stateUpdatedMs: nowMs,
        configUpdatedMs: nowMs,
      });
    },
    deleteAlarms({ AlarmNames }) {
      const unknown = AlarmNames.filter((name) => !alarms.has(name));
      if (unknown.length > 0) {
        throw new ResourceNotFoundError(`cannot delete alarms that do not exist: ${unknown.join(', ')}`);
      }
      for (const name of AlarmNames) alarms.delete(name);
    },
    evaluate,
    start(worldClock) {
      stopTimer?.();
      let running = false;
      const tick = async (): Promise<void> => {
        if (running) return; // a wall clock may tick again before a slow evaluation ends
        running = true;
        try {
          await evaluate(worldClock.nowMs(), true);
        } catch (error) {
          onError(error);
        } finally {
          running = false;
        }
      };
      stopTimer = worldClock.setInterval(highResolutionCadenceMs, tick, { background: true });
    },
    stop() {
      stopTimer?.();
      stopTimer = undefined;
    },
    describeAlarms(input = {}) {
      const records = [...alarms.values()]
        .filter((r) => input.AlarmNames === undefined || input.AlarmNames.includes(r.definition.name))
        .filter(
          (r) => input.AlarmNamePrefix === undefined || r.definition.name.startsWith(input.AlarmNamePrefix),
        )
        .filter((r) => input.StateValue === undefined || r.state.value === input.StateValue)
        .sort((a, b) => (a.definition.name < b.definition.name ? -1 : 1));
      return { $metadata: {}, MetricAlarms: records.map(toMetricAlarm), CompositeAlarms: [] };
    },
    history: (alarmName) =>
      historyItems.filter((item) => alarmName === undefined || item.AlarmName === alarmName),
  };
}

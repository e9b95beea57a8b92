import type { PutMetricAlarmCommandInput } from '@aws-sdk/client-cloudwatch';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.ts';
import { createAlarmEvaluator } from '../../../src/local-world/alarms/alarm-evaluator.ts';
import type { AlarmStateChangeEvent } from '../../../src/local-world/alarms/alarm-event.ts';
import { createManualClock } from '../../../src/local-world/clock/manual-clock.ts';
import { createEventBus } from '../../../src/local-world/events/event-bus.ts';
import { createMetricsStore } from '../../../src/local-world/metrics/metrics-store.ts';

const t0 = Date.UTC(2026, 10, 22, 3, 0, 0);
const minute = 60_000;
const tg = 'targetgroup/green/0123456789abcdef';
const lb = 'app/demo/0123456789abcdef';

function world(sink: (event: AlarmStateChangeEvent) => unknown = () => {}) {
  const clock = createManualClock(t0);
  const metrics = createMetricsStore({ clock });
  const events: AlarmStateChangeEvent[] = [];
  let ids = 0;
  const evaluator = createAlarmEvaluator({
    metrics,
    clock,
    sink: (event) => {
      events.push(event);
      return sink(event);
    },
    account: '123456789012',
    region: 'eu-west-1',
    newId: () => `event-${++ids}`,
  });
  const put = (minuteIndex: number, value: number) =>
    metrics.putMetricData({
      Namespace: 'Greenlight/Test',
      MetricData: [
        { MetricName: 'Errors', Timestamp: new Date(t0 + minuteIndex * minute + 1_000), Value: value },
      ],
    });
  return { clock, metrics, evaluator, events, put };
}

const errorsAlarm = (extra: Partial<PutMetricAlarmCommandInput> = {}): PutMetricAlarmCommandInput => ({
  AlarmName: 'greenlight-errors',
  AlarmDescription: 'errors above 5',
  Namespace: 'Greenlight/Test',
  MetricName: 'Errors',
  Statistic: 'Maximum',
  Period: 60,
  EvaluationPeriods: 3,
  DatapointsToAlarm: 2,
  Threshold: 5,
  ComparisonOperator: 'GreaterThanThreshold',
  ...extra,
});

describe('Function: createAlarmEvaluator', () => {
  it('goes INSUFFICIENT_DATA → OK → ALARM → OK on 2 out of 3 complete periods', async () => {
    // Prepare
    const { evaluator, events, put } = world();
    evaluator.putMetricAlarm(errorsAlarm());
    [1, 7, 1, 7, 7, 1, 1].forEach((value, i) => {
      put(i, value);
    });
    // Act: evaluate just after minutes 3, 4, 5 and 7 complete.
    const afterThree = await evaluator.evaluate(t0 + 3 * minute + 500);
    const afterFour = await evaluator.evaluate(t0 + 4 * minute + 500);
    const stillAlarm = await evaluator.evaluate(t0 + 5 * minute + 500);
    const afterSeven = await evaluator.evaluate(t0 + 7 * minute + 500);
    // Assess
    expect(afterThree.map((t) => [t.from, t.to])).toEqual([['INSUFFICIENT_DATA', 'OK']]);
    expect(afterFour.map((t) => [t.from, t.to])).toEqual([['OK', 'ALARM']]);
    expect(afterFour[0]?.reason).toBe(
      'Threshold Crossed: 2 out of the last 3 datapoints [7.0 (22/11/26 03:03:00), 7.0 (22/11/26 03:01:00)] were greater than the threshold (5.0) (minimum 2 datapoints for OK -> ALARM transition).',
    );
    expect(stillAlarm).toEqual([]);
    expect(afterSeven.map((t) => [t.from, t.to])).toEqual([['ALARM', 'OK']]);
    expect(events).toHaveLength(3);
    expect(evaluator.history('greenlight-errors').map((h) => h.HistorySummary)).toEqual([
      'Alarm updated from INSUFFICIENT_DATA to OK',
      'Alarm updated from OK to ALARM',
      'Alarm updated from ALARM to OK',
    ]);
  });

  it('ignores the period that is still filling', async () => {
    const { evaluator, put } = world();
    evaluator.putMetricAlarm(errorsAlarm({ EvaluationPeriods: 1, DatapointsToAlarm: 1 }));
    put(0, 1);
    put(1, 9);
    const transitions = await evaluator.evaluate(t0 + minute + 59_000);
    expect(transitions.map((t) => t.to)).toEqual(['OK']);
  });

  it.each([
    ['missing', 'INSUFFICIENT_DATA'],
    ['breaching', 'ALARM'],
    ['notBreaching', 'OK'],
  ] as const)('with no data and TreatMissingData %s goes to %s', async (mode, expected) => {
    const { evaluator } = world();
    evaluator.putMetricAlarm(errorsAlarm({ TreatMissingData: mode }));
    await evaluator.evaluate(t0 + 10 * minute);
    expect(evaluator.describeAlarms().MetricAlarms?.[0]?.StateValue).toBe(expected);
  });

  it('with ignore keeps ALARM when the data stops', async () => {
    const { evaluator, put } = world();
    evaluator.putMetricAlarm(errorsAlarm({ TreatMissingData: 'ignore' }));
    [7, 7, 7].forEach((value, i) => {
      put(i, value);
    });
    await evaluator.evaluate(t0 + 3 * minute);
    const later = await evaluator.evaluate(t0 + 20 * minute);
    expect(later).toEqual([]);
    expect(evaluator.describeAlarms({ StateValue: 'ALARM' }).MetricAlarms?.map((a) => a.AlarmName)).toEqual([
      'greenlight-errors',
    ]);
  });

  it('alarms on a 5xx rate computed with metric math', async () => {
    // Prepare: 20% of green's requests fail in minutes 0 and 1.
    const { evaluator, metrics, clock } = world();
    for (let i = 0; i < 200; i++) {
      metrics.record({
        loadBalancer: lb,
        targetGroup: tg,
        atMs: t0 + i * 600,
        outcome: { status: i % 5 === 0 ? 502 : 200 },
        latencyMs: 5,
      });
    }
    const dims = [
      { Name: 'LoadBalancer', Value: lb },
      { Name: 'TargetGroup', Value: tg },
    ];
    evaluator.putMetricAlarm({
      AlarmName: 'greenlight-green-5xx-rate',
      EvaluationPeriods: 2,
      DatapointsToAlarm: 2,
      Threshold: 5,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
      Metrics: [
        {
          Id: 'm1',
          ReturnData: false,
          MetricStat: {
            Metric: {
              Namespace: 'AWS/ApplicationELB',
              MetricName: 'HTTPCode_Target_5XX_Count',
              Dimensions: dims,
            },
            Period: 60,
            Stat: 'Sum',
          },
        },
        {
          Id: 'm2',
          ReturnData: false,
          MetricStat: {
            Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'RequestCount', Dimensions: dims },
            Period: 60,
            Stat: 'Sum',
          },
        },
        { Id: 'e1', Expression: '100 * FILL(m1, 0) / m2', Label: '5xx rate', ReturnData: true },
      ],
    });
    // Act: ALB publishes each minute a minute after it ends, so minute 1 is readable at minute 3.
    clock.advanceTo(t0 + 2 * minute);
    const early = await evaluator.evaluate(clock.nowMs());
    clock.advanceTo(t0 + 3 * minute);
    const transitions = await evaluator.evaluate(clock.nowMs());
    // Assess
    expect(early.map((t) => t.to)).toEqual(['OK']);
    expect(transitions[0]?.to).toBe('ALARM');
    expect(transitions[0]?.reason).toContain('[20.0 (22/11/26 03:01:00), 20.0 (22/11/26 03:00:00)]');
  });

  it('emits events shaped exactly like EventBridge CloudWatch Alarm State Change', async () => {
    const { evaluator, events, put } = world();
    evaluator.putMetricAlarm(errorsAlarm({ EvaluationPeriods: 1, DatapointsToAlarm: 1 }));
    put(0, 9);
    await evaluator.evaluate(t0 + minute + 250);
    const event = events[0];
    expect(event).toMatchObject({
      version: '0',
      id: 'event-1',
      'detail-type': 'CloudWatch Alarm State Change',
      source: 'aws.cloudwatch',
      account: '123456789012',
      time: '2026-11-22T03:01:00Z',
      region: 'eu-west-1',
      resources: ['arn:aws:cloudwatch:eu-west-1:123456789012:alarm:greenlight-errors'],
      detail: {
        alarmName: 'greenlight-errors',
        state: { value: 'ALARM', timestamp: '2026-11-22T03:01:00.250+0000' },
        previousState: { value: 'INSUFFICIENT_DATA', reason: 'Unchecked: Initial alarm creation' },
        configuration: {
          description: 'errors above 5',
          metrics: [
            {
              metricStat: {
                metric: { namespace: 'Greenlight/Test', name: 'Errors', dimensions: {} },
                period: 60,
                stat: 'Maximum',
              },
              returnData: true,
            },
          ],
        },
      },
    });
    expect(JSON.parse(event?.detail.state.reasonData ?? '{}')).toMatchObject({
      version: '1.0',
      statistic: 'Maximum',
      period: 60,
      recentDatapoints: [9],
      threshold: 5,
    });
  });

  it('delivers ALARM events to a rule matching greenlight- alarms only', async () => {
    // Prepare
    const bus = createEventBus('greenlight', { clock: createManualClock(t0) });
    const received: unknown[] = [];
    bus.putRule({
      Name: 'alarm-to-relay',
      EventPattern: {
        source: ['aws.cloudwatch'],
        'detail-type': ['CloudWatch Alarm State Change'],
        detail: { alarmName: [{ prefix: 'greenlight-' }], state: { value: ['ALARM'] } },
      },
    });
    bus.putTargets('alarm-to-relay', [{ Id: 'relay', target: async (event) => received.push(event) }]);
    const { evaluator, put } = world((event) => bus.publish(event));
    evaluator.putMetricAlarm(errorsAlarm({ EvaluationPeriods: 1, DatapointsToAlarm: 1 }));
    evaluator.putMetricAlarm(
      errorsAlarm({ AlarmName: 'other-errors', EvaluationPeriods: 1, DatapointsToAlarm: 1 }),
    );
    put(0, 9);
    put(1, 1);
    // Act
    const transitions = [
      ...(await evaluator.evaluate(t0 + minute)),
      ...(await evaluator.evaluate(t0 + 2 * minute)),
    ];
    await bus.drain();
    // Assess: 4 transitions (2 alarms, each to ALARM then OK); only greenlight-errors → ALARM matched.
    expect(transitions).toHaveLength(4);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      detail: { alarmName: 'greenlight-errors', state: { value: 'ALARM' } },
    });
  });

  it('evaluates on the clock as CloudWatch does: a 60 s alarm each minute, a 10 s alarm every 10 s', async () => {
    // Prepare
    const { clock, evaluator, events, put, metrics } = world();
    evaluator.putMetricAlarm(errorsAlarm({ EvaluationPeriods: 1, DatapointsToAlarm: 1 }));
    evaluator.putMetricAlarm({
      ...errorsAlarm({ EvaluationPeriods: 1, DatapointsToAlarm: 1 }),
      AlarmName: 'greenlight-errors-10s',
      Period: 10,
    });
    put(0, 9);
    metrics.putMetricData({
      Namespace: 'Greenlight/Test',
      MetricData: [{ MetricName: 'Errors', Timestamp: new Date(t0 + 1_000), Value: 9, StorageResolution: 1 }],
    });
    evaluator.start(clock);
    // Act: tick by tick.
    const seenAt: string[] = [];
    for (let i = 0; i < 8; i++) {
      clock.advance(10_000);
      await new Promise((resolve) => setImmediate(resolve));
      for (const event of events.splice(0))
        seenAt.push(`${event.detail.alarmName}@${(clock.nowMs() - t0) / 1000} ${event.detail.state.value}`);
    }
    evaluator.stop();
    // Assess: the 10 s alarm at 10 s, and INSUFFICIENT_DATA once its whole evaluation range (3
    // periods) is empty; the minute alarm at the first whole minute.
    expect(seenAt).toEqual([
      'greenlight-errors-10s@10 ALARM',
      'greenlight-errors-10s@40 INSUFFICIENT_DATA',
      'greenlight-errors@60 ALARM',
    ]);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('keeps the state when an alarm is updated', async () => {
    const { evaluator, put } = world();
    evaluator.putMetricAlarm(errorsAlarm({ EvaluationPeriods: 1, DatapointsToAlarm: 1 }));
    put(0, 9);
    await evaluator.evaluate(t0 + minute);
    evaluator.putMetricAlarm(errorsAlarm({ EvaluationPeriods: 1, DatapointsToAlarm: 1, Threshold: 50 }));
    expect(evaluator.describeAlarms({ AlarmNames: ['greenlight-errors'] }).MetricAlarms?.[0]).toMatchObject({
      StateValue: 'ALARM',
      Threshold: 50,
      AlarmArn: 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:greenlight-errors',
    });
  });

  it.each([
    [
      { ComparisonOperator: 'GreaterThanUpperThreshold' },
      'ComparisonOperator "GreaterThanUpperThreshold" is not supported',
    ],
    [{ DatapointsToAlarm: 4 }, 'DatapointsToAlarm must be between 1 and EvaluationPeriods (3); got 4'],
    [{ TreatMissingData: 'zero' }, 'TreatMissingData "zero" is invalid'],
    [{ ExtendedStatistic: 'p95' }, 'exactly one of Statistic'],
    [{ Statistic: undefined, ExtendedStatistic: 'p101' }, 'unsupported statistic "p101"'],
    [{ Period: 0 }, 'Period must be a whole number of seconds >= 1; got 0'],
  ] as const)('fails on a bad definition (%#)', (extra, message) => {
    const { evaluator } = world();
    const bad = errorsAlarm(extra as Partial<PutMetricAlarmCommandInput>);
    expect(() => evaluator.putMetricAlarm(bad)).toThrow(ConfigError);
    expect(() => evaluator.putMetricAlarm(bad)).toThrow(message);
  });
});

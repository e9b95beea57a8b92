import type { GetMetricDataCommandInput, MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { describe, expect, it } from 'vitest';
import { albNamespace } from '../../../src/core/alarm-definitions.ts';
import { InvalidRequestError } from '../../../src/errors.ts';
import { createManualClock } from '../../../src/local-world/clock/manual-clock.ts';
import { createMetricsStore } from '../../../src/local-world/metrics/metrics-store.ts';

const tg = 'targetgroup/green/0123456789abcdef';
const lb = 'app/demo/0123456789abcdef';
const t0 = Date.UTC(2026, 10, 22, 3, 0, 0);
const albDims = [
  { Name: 'LoadBalancer', Value: lb },
  { Name: 'TargetGroup', Value: tg },
];
/** One request to the target group, as the router records it. */
const request = (atMs: number, status: number | 'connection-error' | 'timeout', latencyMs = 10) => ({
  loadBalancer: lb,
  targetGroup: tg,
  atMs,
  outcome: typeof status === 'number' ? { status } : status,
  latencyMs,
});

function stat(
  id: string,
  metricName: string,
  stat: string,
  period = 60,
  extra: Partial<MetricDataQuery> = {},
) {
  return {
    Id: id,
    MetricStat: {
      Metric: {
        Namespace: albNamespace,
        MetricName: metricName,
        Dimensions: albDims,
      },
      Period: period,
      Stat: stat,
    },
    ...extra,
  } satisfies MetricDataQuery;
}

function query(queries: MetricDataQuery[], startMs: number, endMs: number, scanBy?: 'TimestampAscending') {
  const input: GetMetricDataCommandInput = {
    MetricDataQueries: queries,
    StartTime: new Date(startMs),
    EndTime: new Date(endMs),
    ...(scanBy === undefined ? {} : { ScanBy: scanBy }),
  };
  return input;
}

describe('Function: createMetricsStore', () => {
  describe('Method: getMetricData', () => {
    it('computes exact latency percentiles in seconds from the samples of a period', () => {
      // Prepare: latencies 1..100 ms spread over the first minute.
      const store = createMetricsStore();
      for (let i = 1; i <= 100; i++) store.record(request(t0 + i * 500, 200, i));
      // Act
      const out = store.getMetricData(
        query(
          ['p50', 'p90', 'p95', 'p99', 'Average', 'Maximum', 'Minimum', 'SampleCount'].map((s, i) =>
            stat(`q${i}`, 'TargetResponseTime', s),
          ),
          t0,
          t0 + 60_000,
        ),
      );
      // Assess
      const values = out.MetricDataResults?.map((r) => r.Values?.[0]);
      expect(values?.slice(0, 4)).toEqual([0.05, 0.09, 0.095, 0.099]);
      expect(values?.[4]).toBeCloseTo(0.0505, 12);
      expect(values?.slice(5)).toEqual([0.1, 0.001, 100]);
      expect(out.MetricDataResults?.[0]).toMatchObject({
        Id: 'q0',
        Label: 'TargetResponseTime',
        StatusCode: 'Complete',
      });
    });

    it('aligns periods to floor(t / period) * period and omits periods without data', () => {
      const store = createMetricsStore();
      const at = (seconds: number) => t0 + seconds * 1000;
      store.record(request(at(5), 200));
      store.record(request(at(59), 200));
      store.record(request(at(185), 200));
      const out = store.getMetricData(
        query([stat('m1', 'RequestCount', 'Sum')], at(30), at(240), 'TimestampAscending'),
      );
      expect(out.MetricDataResults?.[0]?.Timestamps).toEqual([new Date(at(0)), new Date(at(180))]);
      expect(out.MetricDataResults?.[0]?.Values).toEqual([2, 1]);
    });

    it('returns newest first by default, like CloudWatch', () => {
      const store = createMetricsStore();
      store.record(request(t0, 200));
      store.record(request(t0 + 60_000, 200));
      const out = store.getMetricData(query([stat('m1', 'RequestCount', 'Sum')], t0, t0 + 120_000));
      expect(out.MetricDataResults?.[0]?.Timestamps).toEqual([new Date(t0 + 60_000), new Date(t0)]);
    });

    it('counts target 5xx, failed connections and the ALB’s own 5xx as ALB does', () => {
      // Prepare: the ALB user guide: connection errors are TargetConnectionErrorCount (per target
      // group) and, as the ALB's own 502, HTTPCode_ELB_5XX_Count, which has no TargetGroup dimension.
      const store = createMetricsStore();
      const outcomes = [200, 200, 503, 500, 'connection-error', 'timeout', 404] as const;
      outcomes.forEach((outcome, i) => {
        store.record(request(t0 + i, outcome, 100));
      });
      // Act
      const out = store.getMetricData(
        query(
          [
            stat('requests', 'RequestCount', 'Sum'),
            stat('target5xx', 'HTTPCode_Target_5XX_Count', 'Sum'),
            stat('connections', 'TargetConnectionErrorCount', 'Sum'),
            stat('target4xx', 'HTTPCode_Target_4XX_Count', 'Sum'),
            stat('latency', 'TargetResponseTime', 'SampleCount'),
            {
              Id: 'elb5xx',
              MetricStat: {
                Metric: {
                  Namespace: albNamespace,
                  MetricName: 'HTTPCode_ELB_5XX_Count',
                  Dimensions: [{ Name: 'LoadBalancer', Value: lb }],
                },
                Period: 60,
                Stat: 'Sum',
              },
            },
          ],
          t0,
          t0 + 60_000,
        ),
      );
      // Assess
      expect(out.MetricDataResults?.map((r) => [r.Id, r.Values])).toEqual([
        ['requests', [7]],
        ['target5xx', [2]],
        ['connections', [1]],
        ['target4xx', [1]],
        ['latency', [5]],
        ['elb5xx', [2]],
      ]);
    });

    it('keeps ALB metrics at their 60 s resolution: a 10 s period sees one datapoint per minute', () => {
      const store = createMetricsStore();
      for (let s = 0; s < 60; s++) store.record(request(t0 + s * 1000, 200));
      const out = store.getMetricData(
        query([stat('m1', 'RequestCount', 'Sum', 10)], t0, t0 + 60_000, 'TimestampAscending'),
      );
      expect(out.MetricDataResults?.[0]?.Timestamps).toEqual([new Date(t0)]);
      expect(out.MetricDataResults?.[0]?.Values).toEqual([60]);
    });

    it('returns an ALB datapoint only once it is published, a minute after its minute ends', () => {
      // Prepare
      const clock = createManualClock(t0);
      const store = createMetricsStore({ clock });
      store.record(request(t0 + 1_000, 200));
      const read = () =>
        store.getMetricData(query([stat('m1', 'RequestCount', 'Sum')], t0, t0 + 60_000))
          .MetricDataResults?.[0]?.Values;
      // Act + Assess
      clock.advanceTo(t0 + 119_000);
      expect(read()).toEqual([]);
      clock.advanceTo(t0 + 120_000);
      expect(read()).toEqual([1]);
    });

    it('keeps high-resolution custom metrics at 1 s: a 10 s period sees every 10 s', () => {
      const store = createMetricsStore();
      for (const s of [0, 10, 20]) {
        store.putMetricData({
          Namespace: 'App',
          MetricData: [
            {
              MetricName: 'Requests',
              Value: s + 1,
              StorageResolution: 1,
              Timestamp: new Date(t0 + s * 1000),
            },
          ],
        });
      }
      const out = store.getMetricData({
        MetricDataQueries: [
          {
            Id: 'r',
            MetricStat: {
              Metric: { Namespace: 'App', MetricName: 'Requests', Dimensions: [] },
              Period: 10,
              Stat: 'Sum',
            },
          },
        ],
        StartTime: new Date(t0),
        EndTime: new Date(t0 + 30_000),
        ScanBy: 'TimestampAscending',
      });
      expect(out.MetricDataResults?.[0]?.Values).toEqual([1, 11, 21]);
    });

    it('computes the 5xx rate with metric math: 100 * m1 / m2', () => {
      const store = createMetricsStore();
      for (let i = 0; i < 200; i++) {
        store.record(request(t0 + i * 100, i % 10 === 0 ? 500 : 200, 5));
      }
      const out = store.getMetricData(
        query(
          [
            stat('m1', 'HTTPCode_Target_5XX_Count', 'Sum', 60, { ReturnData: false }),
            stat('m2', 'RequestCount', 'Sum', 60, { ReturnData: false }),
            { Id: 'rate', Expression: '100 * m1 / m2', Label: '5xx rate' },
          ],
          t0,
          t0 + 60_000,
        ),
      );
      expect(out.MetricDataResults).toHaveLength(1);
      expect(out.MetricDataResults?.[0]).toMatchObject({ Id: 'rate', Label: '5xx rate', Values: [10] });
    });

    it('reads host counts as Average, Minimum and Maximum per period', () => {
      const store = createMetricsStore();
      [3, 2, 1].forEach((healthy, i) => {
        store.recordHealth({
          loadBalancer: lb,
          targetGroup: tg,
          atMs: t0 + i * 10_000,
          healthy,
          unhealthy: 3 - healthy,
        });
      });
      const out = store.getMetricData(
        query(
          [
            stat('avg', 'HealthyHostCount', 'Average'),
            stat('min', 'HealthyHostCount', 'Minimum'),
            stat('max', 'UnHealthyHostCount', 'Maximum'),
          ],
          t0,
          t0 + 60_000,
        ),
      );
      expect(out.MetricDataResults?.map((r) => r.Values)).toEqual([[2], [1], [2]]);
    });

    it('matches dimensions exactly: the TargetGroup alone does not find a series published with its LoadBalancer', () => {
      const store = createMetricsStore();
      store.record(request(t0, 200));
      const out = store.getMetricData(
        query(
          [
            {
              Id: 'm1',
              MetricStat: {
                Metric: {
                  Namespace: albNamespace,
                  MetricName: 'RequestCount',
                  Dimensions: [{ Name: 'TargetGroup', Value: tg }],
                },
                Period: 60,
                Stat: 'Sum',
              },
            },
          ],
          t0,
          t0 + 60_000,
        ),
      );
      expect(out.MetricDataResults?.[0]?.Values).toEqual([]);
    });

    it.each([
      [[{ Id: 'M1', Expression: '1' }], 'must start with a lowercase letter'],
      [[{ Id: 'e1', Expression: 'm9 * 2' }], 'not in MetricDataQueries'],
      [
        [
          { Id: 'a', Expression: 'b' },
          { Id: 'b', Expression: 'a' },
        ],
        'cycle',
      ],
      [[{ Id: 'm1' }], 'exactly one of MetricStat or Expression'],
      [[stat('m1', 'RequestCount', 'Total')], 'unsupported statistic "Total"'],
      [[stat('m1', 'RequestCount', 'Sum', 0)], 'Period must be a whole number'],
    ])('throws InvalidRequestError for bad queries (%#)', (queries, message) => {
      const store = createMetricsStore();
      const run = () => store.getMetricData(query(queries as MetricDataQuery[], t0, t0 + 60_000));
      expect(run).toThrow(InvalidRequestError);
      expect(run).toThrow(message);
    });
  });

  describe('Method: putMetricData', () => {
    it('stores custom metrics with Values and Counts, timestamped by the clock when absent', () => {
      const clock = createManualClock(t0 + 1000);
      const store = createMetricsStore({ clock });
      store.putMetricData({
        Namespace: 'Greenlight/Smoke',
        MetricData: [
          {
            MetricName: 'Failures',
            Dimensions: [{ Name: 'Service', Value: 'shop' }],
            Values: [1, 4],
            Counts: [3, 1],
          },
        ],
      });
      const out = store.getMetricData({
        MetricDataQueries: [
          {
            Id: 'f',
            MetricStat: {
              Metric: {
                Namespace: 'Greenlight/Smoke',
                MetricName: 'Failures',
                Dimensions: [{ Name: 'Service', Value: 'shop' }],
              },
              Period: 60,
              Stat: 'Sum',
            },
          },
        ],
        StartTime: new Date(t0),
        EndTime: new Date(t0 + 60_000),
      });
      expect(out.MetricDataResults?.[0]?.Values).toEqual([7]);
    });

    it('refuses the reserved AWS/ namespaces', () => {
      const store = createMetricsStore();
      expect(() =>
        store.putMetricData({ Namespace: 'AWS/ApplicationELB', MetricData: [{ MetricName: 'X', Value: 1 }] }),
      ).toThrow('not starting with "AWS/"');
    });
  });

  describe('Retention', () => {
    it('evicts buckets older than the retention window and drops late samples', () => {
      const store = createMetricsStore({ retentionSeconds: 10 });
      for (let s = 0; s < 100 * 60; s += 60) store.record(request(t0 + s * 1000, 200));
      store.record(request(t0, 200));
      const { buckets, droppedSamples } = store.stats();
      // Three series get every request (RequestCount, 2XX, TargetResponseTime): the newest minute each.
      expect(buckets).toBeLessThanOrEqual(3 * 2);
      expect(droppedSamples).toBe(3);
    });
  });
});

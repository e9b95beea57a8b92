import type { GetMetricDataCommandInput, MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../../src/errors.ts';
import { createManualClock } from '../../../src/local-world/clock/manual-clock.ts';
import { albNamespace, createMetricsStore } from '../../../src/local-world/metrics/metrics-store.ts';

const tg = 'targetgroup/green/0123456789abcdef';
const t0 = Date.UTC(2026, 10, 22, 3, 0, 0);

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
        Dimensions: [{ Name: 'TargetGroup', Value: tg }],
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
      for (let i = 1; i <= 100; i++)
        store.record({ targetGroup: tg, atMs: t0 + i * 500, status: 200, latencyMs: i });
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
      store.record({ targetGroup: tg, atMs: at(5), status: 200, latencyMs: 10 });
      store.record({ targetGroup: tg, atMs: at(59), status: 200, latencyMs: 10 });
      store.record({ targetGroup: tg, atMs: at(185), status: 200, latencyMs: 10 });
      const out = store.getMetricData(
        query([stat('m1', 'RequestCount', 'Sum')], at(30), at(240), 'TimestampAscending'),
      );
      expect(out.MetricDataResults?.[0]?.Timestamps).toEqual([new Date(at(0)), new Date(at(180))]);
      expect(out.MetricDataResults?.[0]?.Values).toEqual([2, 1]);
    });

    it('returns newest first by default, like CloudWatch', () => {
      const store = createMetricsStore();
      store.record({ targetGroup: tg, atMs: t0, status: 200, latencyMs: 1 });
      store.record({ targetGroup: tg, atMs: t0 + 60_000, status: 200, latencyMs: 1 });
      const out = store.getMetricData(query([stat('m1', 'RequestCount', 'Sum')], t0, t0 + 120_000));
      expect(out.MetricDataResults?.[0]?.Timestamps).toEqual([new Date(t0 + 60_000), new Date(t0)]);
    });

    it('counts target 5xx and connection errors apart, and connection errors have no response time', () => {
      const store = createMetricsStore();
      const statuses = [200, 200, 503, 500, null, 404];
      statuses.forEach((status, i) => {
        store.record({ targetGroup: tg, atMs: t0 + i, status, latencyMs: 100 });
      });
      const out = store.getMetricData(
        query(
          [
            stat('requests', 'RequestCount', 'Sum'),
            stat('target5xx', 'HTTPCode_Target_5XX_Count', 'Sum'),
            stat('elb5xx', 'HTTPCode_ELB_5XX_Count', 'Sum'),
            stat('target4xx', 'HTTPCode_Target_4XX_Count', 'Sum'),
            stat('latency', 'TargetResponseTime', 'SampleCount'),
          ],
          t0,
          t0 + 60_000,
        ),
      );
      expect(out.MetricDataResults?.map((r) => [r.Id, r.Values])).toEqual([
        ['requests', [6]],
        ['target5xx', [2]],
        ['elb5xx', [1]],
        ['target4xx', [1]],
        ['latency', [5]],
      ]);
    });

    it('computes the 5xx rate with metric math: 100 * m1 / m2', () => {
      const store = createMetricsStore();
      for (let i = 0; i < 200; i++) {
        store.record({ targetGroup: tg, atMs: t0 + i * 100, status: i % 10 === 0 ? 500 : 200, latencyMs: 5 });
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
        store.recordHealth({ targetGroup: tg, atMs: t0 + i * 10_000, healthy, unhealthy: 3 - healthy });
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

    it('finds target-group metrics also by their LoadBalancer dimension when configured', () => {
      const store = createMetricsStore({ loadBalancer: 'app/demo/1' });
      store.record({ targetGroup: tg, atMs: t0, status: 200, latencyMs: 1 });
      const out = store.getMetricData(
        query(
          [
            {
              Id: 'm1',
              MetricStat: {
                Metric: {
                  Namespace: albNamespace,
                  MetricName: 'RequestCount',
                  Dimensions: [
                    { Name: 'LoadBalancer', Value: 'app/demo/1' },
                    { Name: 'TargetGroup', Value: tg },
                  ],
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
      expect(out.MetricDataResults?.[0]?.Values).toEqual([1]);
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
      for (let s = 0; s < 100; s++)
        store.record({ targetGroup: tg, atMs: t0 + s * 1000, status: 200, latencyMs: 1 });
      store.record({ targetGroup: tg, atMs: t0, status: 200, latencyMs: 1 });
      const { buckets, droppedSamples } = store.stats();
      // Two series get every request (RequestCount, 2XX, TargetResponseTime): 11 seconds each at most.
      expect(buckets).toBeLessThanOrEqual(3 * 11);
      expect(droppedSamples).toBe(3);
    });
  });
});

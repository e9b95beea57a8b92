import { describe, expect, it } from 'vitest';
import { chartSeries } from '../../src/report/timeline-series.ts';
import { emptyTimeline, FIXTURE_START_MS, rolledBackTimeline } from './fixtures.ts';

describe('chartSeries', () => {
  it('has no error rate for a colour that served nothing', () => {
    const series = chartSeries(rolledBackTimeline());

    expect(series.points[0]?.errorRate.green).toBeNull();
    expect(series.points[0]?.errorRate.blue).toBe(0);
    expect(series.points[0]?.p95Ms.green).toBeNull();
  });

  it('spans each sample to the next one and the axis to the end of the run', () => {
    const series = chartSeries(rolledBackTimeline());

    expect(series.points[1]).toMatchObject({ fromSeconds: 1, toSeconds: 2 });
    expect(series.durationSeconds).toBe(120);
    expect(series.maxErrorRatePercent).toBeGreaterThan(15);
  });

  it('counts unattributed failures against all requests of that second', () => {
    const base = rolledBackTimeline();
    const sample = {
      ...base.samples[0]!,
      requests: { blue: 45, green: 0 },
      failed: { blue: 0, green: 0, unknown: 5 },
    };

    const series = chartSeries({ ...base, samples: [sample] });

    expect(series.points[0]?.errorRate.unknown).toBe(10);
    expect(series.hasUnknownFailures).toBe(true);
  });

  it('gives an empty run a one-second axis', () => {
    expect(chartSeries(emptyTimeline())).toMatchObject({ points: [], durationSeconds: 1, maxP95Ms: 0 });
  });

  it('stretches the axis to a marker after the last sample', () => {
    const base = emptyTimeline();

    const series = chartSeries({
      ...base,
      markers: [{ atMs: FIXTURE_START_MS + 30_000, label: 'late', kind: 'outcome' }],
    });

    expect(series.durationSeconds).toBe(30);
  });
});

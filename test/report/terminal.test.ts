import { describe, expect, it } from 'vitest';
import type { ProgressSnapshot } from '../../src/report/terminal.ts';
import {
  renderProgressLine,
  renderSparkline,
  renderSummary,
  renderWeightBar,
} from '../../src/report/terminal.ts';
import { rolledBackTimeline, succeededTimeline } from './fixtures.ts';

const ANSI = '\u001b[';

const baking: ProgressSnapshot = {
  state: 'Bake',
  weights: { blue: 50, green: 50 },
  errorRatePercent: 10.4,
  p95Ms: 47,
  worldSeconds: 62,
  requests: 3100,
  failed: 57,
};

describe('renderProgressLine', () => {
  it('shows the state, time, weights, error rate, latency and counts on one line', () => {
    const line = renderProgressLine(baking, { colors: false });

    expect(line).not.toContain('\n');
    for (const part of [
      'Bake',
      't+62s',
      '▕█████░░░░░▏ green  50%',
      'errors 10.4%',
      'p95  47 ms',
      '3,100 req',
      '57 failed',
    ]) {
      expect(line).toContain(part);
    }
  });

  it('prints a dash for a missing p95', () => {
    expect(renderProgressLine({ ...baking, p95Ms: null }, { colors: false })).toContain('p95      —');
  });

  it('has no ANSI escapes with colours off, and some with colours on', () => {
    expect(renderProgressLine(baking, { colors: false })).not.toContain(ANSI);
    expect(renderProgressLine(baking, { colors: true })).toContain(ANSI);
  });

  it('never prints NaN or Infinity', () => {
    const line = renderProgressLine(
      { ...baking, errorRatePercent: Number.NaN, p95Ms: Number.POSITIVE_INFINITY, worldSeconds: Number.NaN },
      { colors: false },
    );

    expect(line).not.toMatch(/NaN|Infinity/);
  });
});

describe('renderWeightBar', () => {
  it.each([
    [0, '▕░░░░░░░░░░▏'],
    [1, '▕█░░░░░░░░░▏'],
    [10, '▕█░░░░░░░░░▏'],
    [50, '▕█████░░░░░▏'],
    [99, '▕█████████░▏'],
    [100, '▕██████████▏'],
    [Number.NaN, '▕░░░░░░░░░░▏'],
  ])('draws green %s%% as %s', (green, bar) => {
    expect(renderWeightBar(green, { colors: false })).toBe(bar);
  });
});

describe('renderSparkline', () => {
  it.each([
    [[], ''],
    [[0, 0, 0], '▁▁▁'],
    [[0, 5, 10], '▁▅█'],
    [[1, Number.NaN, 1], '█ █'],
  ])('renders %j as %s', (values, spark) => {
    expect(renderSparkline(values)).toBe(spark);
  });

  it('scales to a given maximum', () => {
    expect(renderSparkline([5], { max: 10 })).toBe('▅');
  });
});

describe('renderSummary', () => {
  it('reports a rollback with the failures against the theoretical minimum', () => {
    const summary = rolledBackTimeline().summary;

    const text = renderSummary(summary, { colors: false });

    const failed = summary.failed.green;
    const ratio = (failed / 95).toFixed(1);
    expect(text).toContain(`failed requests: ${failed} (theoretical minimum 95, ×${ratio})`);
    expect(text.split('\n')[0]).toBe('↩ ROLLED BACK  checkout v1.41.0 → v1.42.0  (scenario canary-errors)');
    for (const part of [
      'AlarmFiredError: Alarm green-5xx-rate',
      'plan:            10% for 30 s → 50% for 30 s → 100%',
      'requests sent:   6,000',
      'time to detect:  19 s',
      'time to restore: 2 s',
      'transitions:     41',
      'wall-clock time: 7.4 s',
      '0 lost ✔',
    ]) {
      expect(text).toContain(part);
    }
  });

  it('aligns the values in one column', () => {
    const text = renderSummary(rolledBackTimeline().summary, { colors: false });

    const labelled = text.split('\n').flatMap((line) => /^ {2}[a-z -]+: +/.exec(line) ?? []);

    expect(labelled.length).toBeGreaterThanOrEqual(9);
    expect(new Set(labelled.map((prefix) => prefix.length))).toEqual(new Set([19]));
  });

  it('reports a success without a theoretical minimum', () => {
    const text = renderSummary(succeededTimeline().summary, { colors: false });

    expect(text.split('\n')[0]).toContain('✔ SUCCEEDED');
    expect(text).toContain('failed requests: 0\n');
    expect(text).not.toContain('theoretical minimum');
  });

  it('shouts about lost writes', () => {
    const summary = rolledBackTimeline().summary;

    const text = renderSummary({ ...summary, database: { ...summary.database, lost: 2 } }, { colors: false });

    expect(text).toContain('2 LOST ✖ acknowledged writes are missing');
  });

  it('has no ANSI escapes with colours off', () => {
    expect(renderSummary(rolledBackTimeline().summary, { colors: false })).not.toContain(ANSI);
    expect(renderSummary(rolledBackTimeline().summary, { colors: true })).toContain(ANSI);
  });
});

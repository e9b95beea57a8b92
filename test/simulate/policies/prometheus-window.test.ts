import { describe, expect, it } from 'vitest';
import { PrometheusWindow, scrapeIntervalSeconds } from '../../../src/simulate/policies/prometheus-window.ts';

/** Green gets `perScrape` requests between scrapes, `errorsPerScrape` of them 5xx, each taking `latencyMs`. */
function windowWith(scrapes: number, perScrape: number, errorsPerScrape: number, latencyMs: number) {
  const window = new PrometheusWindow();
  for (let i = 0; i < scrapes; i++) {
    for (let n = 0; n < perScrape; n++) {
      window.observe({ colour: 'green', status: n < errorsPerScrape ? 503 : 200, latencyMs });
    }
    window.scrape((i + 1) * scrapeIntervalSeconds * 1000);
  }
  return window;
}

describe('Class: PrometheusWindow', () => {
  it('computes rate()-based success over the samples inside the window only', () => {
    const window = windowWith(8, 100, 2, 30); // 2 minutes of scrapes
    expect(window.successRate('green', 120_000, 60)).toBeCloseTo(0.98, 10);
    expect(window.successRate('blue', 120_000, 60)).toBeNull(); // no series: "no values found"
  });

  it('answers no value with fewer than two samples in the window, as rate() does', () => {
    const window = windowWith(1, 100, 0, 30);
    expect(window.successRate('green', 15_000, 60)).toBeNull();
    expect(window.instantSuccessRate('green', 15_000, 300)).toBeNull();
  });

  it('loses what a series did before its first scrape: the first sample is the baseline', () => {
    const window = new PrometheusWindow();
    for (let n = 0; n < 50; n++) window.observe({ colour: 'green', status: 503, latencyMs: 10 });
    window.scrape(15_000);
    for (let n = 0; n < 50; n++) window.observe({ colour: 'green', status: 200, latencyMs: 10 });
    window.scrape(30_000);
    expect(window.successRate('green', 30_000, 60)).toBe(1);
  });

  it('irate() reads the last two samples only', () => {
    const window = windowWith(4, 100, 0, 30);
    for (let n = 0; n < 100; n++)
      window.observe({ colour: 'green', status: n < 10 ? 500 : 200, latencyMs: 30 });
    window.scrape(75_000);
    expect(window.instantSuccessRate('green', 75_000, 300)).toBeCloseTo(0.9, 10);
    expect(window.successRate('green', 75_000, 300)).toBeCloseTo(1 - 10 / 400, 10);
  });

  it('interpolates histogram_quantile inside the bucket that holds the rank (Istio buckets)', () => {
    // 30 ms lies in the (25, 50] bucket: P99 is interpolated to 25 + 25 × 0.99 = 49.75.
    expect(windowWith(5, 100, 0, 30).quantileMs('green', 75_000, 60, 0.99)).toBeCloseTo(49.75, 6);
    // 420 ms lies in (250, 500]: over Flagger's 500 ms? No, P99 = 497.5; 600 ms is in (500, 1000].
    expect(windowWith(5, 100, 0, 420).quantileMs('green', 75_000, 60, 0.99)).toBeCloseTo(497.5, 6);
    expect(windowWith(5, 100, 0, 600).quantileMs('green', 75_000, 60, 0.99)).toBeCloseTo(995, 6);
  });

  it('ignores requests no destination answered', () => {
    const window = new PrometheusWindow();
    window.observe({ colour: null, status: null, latencyMs: 5000 });
    window.scrape(15_000);
    window.scrape(30_000);
    expect(window.successRate('green', 30_000, 60)).toBeNull();
  });
});

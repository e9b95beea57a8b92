/**
 * The canary metrics Flagger and Argo Rollouts read, as Prometheus would hold them: a service
 * mesh's request counters and duration histogram per destination, scraped every 15 seconds,
 * queried with `rate(...[1m])`, `irate(...[5m])` and `histogram_quantile`.
 *
 * Faithful where it changes a verdict: a series exists from the first scrape that saw it (what
 * came before is lost to `rate`), a window sees only the samples scraped inside it, and a
 * quantile is interpolated inside the histogram bucket that holds it, as Prometheus does.
 * Prometheus' own default scrape interval is 1 m; 15 s is what mesh setups commonly use and is
 * the faster (kinder to the peers) choice.
 */
import type { Colour } from '../../ports/colour.ts';

export const scrapeIntervalSeconds = 15;

/** Istio's default request-duration buckets, milliseconds. */
export const durationBucketsMs = [
  0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000,
] as const;

interface Counters {
  requests: number;
  /** 5xx answers, the router's own 502/504 included: a mesh records those for the destination. */
  errors: number;
  /** Cumulative counts per bucket upper bound (`le`), plus +Inf at the end. */
  readonly buckets: number[];
}

interface Sample {
  readonly atMs: number;
  readonly requests: number;
  readonly errors: number;
  readonly buckets: readonly number[];
}

/** One completed request, as the destination's sidecar saw it. */
export interface MeshObservation {
  readonly colour: Colour | null;
  /** null when no answer came at all (the client gave up). */
  readonly status: number | null;
  readonly latencyMs: number;
}

export class PrometheusWindow {
  private readonly live = new Map<Colour, Counters>();
  private readonly scraped = new Map<Colour, Sample[]>();

  /** Counts one request at its destination; requests no destination answered are not the canary's. */
  observe(observation: MeshObservation): void {
    if (observation.colour === null) return;
    let counters = this.live.get(observation.colour);
    if (counters === undefined) {
      counters = { requests: 0, errors: 0, buckets: new Array(durationBucketsMs.length + 1).fill(0) };
      this.live.set(observation.colour, counters);
    }
    counters.requests += 1;
    if (observation.status === null || observation.status >= 500) counters.errors += 1;
    for (let i = 0; i <= durationBucketsMs.length; i++) {
      const bound = durationBucketsMs[i] ?? Number.POSITIVE_INFINITY;
      if (observation.latencyMs <= bound) (counters.buckets[i] as number) += 1;
    }
  }

  /** One scrape at `atMs`: every series that exists now gets a sample. */
  scrape(atMs: number): void {
    for (const [colour, counters] of this.live) {
      const samples = this.scraped.get(colour) ?? [];
      samples.push({
        atMs,
        requests: counters.requests,
        errors: counters.errors,
        buckets: [...counters.buckets],
      });
      this.scraped.set(colour, samples);
    }
  }

  /**
   * `sum(rate(requests{code!~"5.."}[w])) / sum(rate(requests[w]))` at `atMs`, as a share; null
   * when the window holds fewer than two samples or no requests ("no values found").
   */
  successRate(colour: Colour, atMs: number, windowSeconds: number): number | null {
    const increase = this.increase(colour, atMs, windowSeconds);
    if (increase === null || increase.requests === 0) return null;
    return (increase.requests - increase.errors) / increase.requests;
  }

  /** The same ratio with `irate`: from the last two samples in the window only. */
  instantSuccessRate(colour: Colour, atMs: number, windowSeconds: number): number | null {
    const samples = this.inWindow(colour, atMs, windowSeconds);
    if (samples.length < 2) return null;
    const [before, last] = samples.slice(-2) as [Sample, Sample];
    const requests = last.requests - before.requests;
    if (requests === 0) return null;
    return (requests - (last.errors - before.errors)) / requests;
  }

  /** `histogram_quantile(q, sum(rate(duration_bucket[w])) by (le))`, ms; null without data. */
  quantileMs(colour: Colour, atMs: number, windowSeconds: number, q: number): number | null {
    const increase = this.increase(colour, atMs, windowSeconds);
    if (increase === null) return null;
    const total = increase.buckets.at(-1) ?? 0;
    if (total === 0) return null;
    const rank = q * total;
    for (let i = 0; i < increase.buckets.length; i++) {
      const count = increase.buckets[i] as number;
      if (count < rank) continue;
      // The +Inf bucket: Prometheus answers the highest finite bound.
      if (i === durationBucketsMs.length) return durationBucketsMs.at(-1) as number;
      const lower = i === 0 ? 0 : (durationBucketsMs[i - 1] as number);
      const upper = durationBucketsMs[i] as number;
      const below = i === 0 ? 0 : (increase.buckets[i - 1] as number);
      return lower + ((upper - lower) * (rank - below)) / Math.max(1, count - below);
    }
    return durationBucketsMs.at(-1) as number;
  }

  private inWindow(colour: Colour, atMs: number, windowSeconds: number): Sample[] {
    const from = atMs - windowSeconds * 1000;
    return (this.scraped.get(colour) ?? []).filter((s) => s.atMs > from && s.atMs <= atMs);
  }

  private increase(colour: Colour, atMs: number, windowSeconds: number): Omit<Sample, 'atMs'> | null {
    const samples = this.inWindow(colour, atMs, windowSeconds);
    if (samples.length < 2) return null;
    const first = samples[0] as Sample;
    const last = samples.at(-1) as Sample;
    return {
      requests: last.requests - first.requests,
      errors: last.errors - first.errors,
      buckets: last.buckets.map((count, i) => count - (first.buckets[i] as number)),
    };
  }
}

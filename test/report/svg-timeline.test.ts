import { describe, expect, it } from 'vitest';
import { renderTimelineSvg } from '../../src/report/svg-timeline.ts';
import type { SimulationTimeline, TimelineSample } from '../../src/report/timeline.ts';
import {
  emptyTimeline,
  FIXTURE_START_MS,
  rolledBackTimeline,
  singleSampleTimeline,
  succeededTimeline,
} from './fixtures.ts';
import { checkXml } from './xml-check.ts';

function withSamples(samples: readonly TimelineSample[]): SimulationTimeline {
  return { ...succeededTimeline(), samples };
}

const allZero = withSamples(
  succeededTimeline().samples.map((s) => ({
    ...s,
    requests: { blue: 0, green: 0 },
    failed: { blue: 0, green: 0, unknown: 0 },
    p95Ms: { blue: 0, green: 0 },
  })),
);
const nullLatency = withSamples(
  rolledBackTimeline().samples.map((s) => ({ ...s, p95Ms: { blue: null, green: null } })),
);
const garbage: SimulationTimeline = {
  ...rolledBackTimeline(),
  startedAtMs: Number.NaN,
  endedAtMs: Number.POSITIVE_INFINITY,
  samples: [
    {
      atMs: FIXTURE_START_MS,
      weights: { blue: Number.NaN, green: Number.POSITIVE_INFINITY },
      requests: { blue: Number.NaN, green: -1 },
      failed: { blue: Number.NaN, green: 3, unknown: Number.NaN },
      p95Ms: { blue: Number.NaN, green: Number.NEGATIVE_INFINITY },
    },
    {
      atMs: Number.NaN,
      weights: { blue: 50, green: 50 },
      requests: { blue: 1, green: 1 },
      failed: { blue: 0, green: 0, unknown: 0 },
      p95Ms: { blue: 1, green: 1 },
    },
  ],
  markers: [{ atMs: Number.NaN, label: 'lost in time', kind: 'state' }],
};

const CASES: [string, SimulationTimeline][] = [
  ['a rolled-back run', rolledBackTimeline()],
  ['a successful run', succeededTimeline()],
  ['no samples and no markers', emptyTimeline()],
  ['a single sample with no traffic', singleSampleTimeline()],
  ['all-zero series', allZero],
  ['p95 missing everywhere', nullLatency],
  ['non-finite numbers everywhere', garbage],
];

describe('renderTimelineSvg', () => {
  it.each(CASES)('is well-formed XML for %s', (_name, timeline) => {
    const svg = renderTimelineSvg(timeline);

    const check = checkXml(svg);

    expect(check.problems).toEqual([]);
    expect(check.elements[0]).toBe('svg');
  });

  it.each(CASES)('prints no NaN, Infinity or undefined for %s', (_name, timeline) => {
    for (const width of [undefined, 1, 480, 1280, Number.NaN, 10_000]) {
      const svg = renderTimelineSvg(timeline, width === undefined ? undefined : { width });

      expect(svg).not.toMatch(/NaN|Infinity|undefined|null/);
    }
  });

  it('is accessible: role img, labelled by its title and description', () => {
    const svg = renderTimelineSvg(rolledBackTimeline());

    expect(svg).toMatch(/^<svg [^>]*role="img"/);
    expect(svg).toContain('aria-labelledby="gl-timeline-title gl-timeline-desc"');
    expect(svg).toContain(
      '<title id="gl-timeline-title">Deployment timeline: checkout v1.41.0 → v1.42.0 was rolled back</title>',
    );
    expect(svg).toMatch(
      /<desc id="gl-timeline-desc">[^<]*Rollback started at t\+70s, 19 s after the first green failure/,
    );
  });

  it('draws the three panels with their titles', () => {
    const svg = renderTimelineSvg(rolledBackTimeline());

    for (const panel of ['weights', 'errors', 'latency'])
      expect(svg).toContain(`class="gl-panel gl-panel-${panel}"`);
    expect(svg).toContain('>Traffic to green<');
    expect(svg).toContain('>Error rate (failed ÷ requests)<');
    expect(svg).toContain('>p95 latency<');
  });

  it('draws a line for every marker, alarms and the rollback in their own style', () => {
    const timeline = rolledBackTimeline();

    const svg = renderTimelineSvg(timeline);

    expect(svg.match(/<g class="gl-marker gl-marker-/g)).toHaveLength(timeline.markers.length);
    expect(svg).toContain('class="gl-marker gl-marker-alarm"');
    expect(svg).toContain('class="gl-marker gl-marker-rollback"');
    expect(svg).toContain('class="gl-alarm-line"');
    expect(svg).toContain('class="gl-rollback-line"');
    expect(svg).toContain('gl-rollback-text gl-halo" x=');
    expect(svg).toContain('>Rollback: alarm green-5xx-rate<');
  });

  it('has a legend naming both versions and the marker kinds', () => {
    const svg = renderTimelineSvg(rolledBackTimeline());

    expect(svg).toContain('<g class="gl-legend">');
    for (const entry of [
      'blue · v1.41.0',
      'green · v1.42.0',
      'failed requests',
      'state change',
      'alarm',
      'rollback',
    ]) {
      expect(svg).toContain(`>${entry}<`);
    }
    expect(svg).toContain('>time to detect<');
    expect(svg).not.toContain('>failed, colour unknown<');
  });

  it('labels the time axis from t+0s in nice steps', () => {
    const svg = renderTimelineSvg(rolledBackTimeline(), { width: 960 });

    const ticks = [...svg.matchAll(/text-anchor="middle">t\+(\d+)s</g)].map((m) => Number(m[1]));

    expect(ticks[0]).toBe(0);
    expect(ticks.at(-1)).toBe(120);
    const steps = new Set(ticks.slice(1).map((t, i) => t - ticks[i]!));
    expect(steps.size).toBe(1);
    expect([5, 10, 15, 20, 30]).toContain([...steps][0]);
  });

  it('shows the detection and restore windows under the axis', () => {
    const svg = renderTimelineSvg(rolledBackTimeline());

    expect(svg).toContain('>detect 19 s<');
    expect(svg).toContain('>restore 2 s<');
  });

  it('calls out the worst second of errors', () => {
    expect(renderTimelineSvg(rolledBackTimeline())).toMatch(/>peak \d+(\.\d)?% on green</);
  });

  it.each([
    ['no failed requests', succeededTimeline()],
    ['no traffic recorded', emptyTimeline()],
    ['no latency data', nullLatency],
  ])('says "%s" instead of drawing an empty panel', (note, timeline) => {
    expect(renderTimelineSvg(timeline)).toContain(`>${note}<`);
  });

  it('plots failures without a colour, and lists them in the legend', () => {
    const base = rolledBackTimeline();
    const samples = base.samples.map((s, i) =>
      i === 60 ? { ...s, failed: { ...s.failed, unknown: 5 } } : s,
    );

    const svg = renderTimelineSvg({ ...base, samples });

    expect(svg).toContain('>failed, colour unknown<');
    expect(svg).toContain('stroke="#7c3aed"');
  });

  it('is deterministic', () => {
    expect(renderTimelineSvg(rolledBackTimeline())).toBe(renderTimelineSvg(rolledBackTimeline()));
  });

  it('escapes text from the data', () => {
    const base = rolledBackTimeline();
    const timeline: SimulationTimeline = {
      ...base,
      markers: [{ atMs: FIXTURE_START_MS + 5000, label: '<script>alert("x")</script>', kind: 'alarm' }],
      summary: { ...base.summary, service: 'a&b <svc>', toVersion: 'v2\'"' },
    };

    const svg = renderTimelineSvg(timeline);

    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(svg).toContain('a&amp;b &lt;svc&gt;');
    expect(checkXml(svg).problems).toEqual([]);
  });

  it('uses the requested width, within limits', () => {
    expect(renderTimelineSvg(rolledBackTimeline(), { width: 1200 })).toMatch(/^<svg [^>]*width="1200"/);
    expect(renderTimelineSvg(rolledBackTimeline(), { width: 10 })).toMatch(/^<svg [^>]*width="480"/);
  });

  it('leaves the heading out on request, keeping the title', () => {
    const svg = renderTimelineSvg(rolledBackTimeline(), { heading: false });

    expect(svg).not.toContain('class="gl-text gl-heading"');
    expect(svg).toContain('<title id="gl-timeline-title">');
  });
});

import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../src/report/html-report.ts';
import type { SimulationTimeline } from '../../src/report/timeline.ts';
import { emptyTimeline, FIXTURE_START_MS, rolledBackTimeline, succeededTimeline } from './fixtures.ts';
import { checkXml } from './xml-check.ts';

function svgOf(html: string): string {
  const start = html.indexOf('<svg ');
  return html.slice(start, html.indexOf('</svg>', start) + '</svg>'.length);
}

describe('renderHtmlReport', () => {
  it('is one self-contained page: no scripts, no external resources', () => {
    const html = renderHtmlReport(rolledBackTimeline());

    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(html).toContain('<style>');
  });

  it('inlines the timeline SVG, well-formed', () => {
    const svg = svgOf(renderHtmlReport(rolledBackTimeline()));

    expect(svg).toContain('role="img"');
    expect(checkXml(svg).problems).toEqual([]);
  });

  it('shows the key figures of a rollback', () => {
    const html = renderHtmlReport(rolledBackTimeline());
    const failed = rolledBackTimeline().summary.failed.green;

    expect(html).toContain('↩ Rolled back');
    for (const figure of [
      '>Requests sent<',
      '>6,000<',
      `>${failed}<`,
      `green ${failed}<`,
      '>19 s<',
      '>2 s<',
      '>41<',
      '>7.4 s<',
      '>1,000</b>',
      '>1,612</b>',
      '>612</b>',
      '>95</b>',
      'no data lost',
      'AlarmFiredError',
      'rolled back here',
    ]) {
      expect(html).toContain(figure);
    }
    expect(html).toMatch(/>×1\.\d</);
  });

  it('shows lost writes as data loss when there are any', () => {
    const base = rolledBackTimeline();
    const timeline: SimulationTimeline = {
      ...base,
      summary: { ...base.summary, database: { ...base.summary.database, lost: 3 } },
    };

    const html = renderHtmlReport(timeline);

    expect(html).toContain('DATA LOSS');
    expect(html).toContain('3 acknowledged writes are missing');
    expect(html).toContain('figure bad wide safety');
  });

  it.each([
    ['succeeded', succeededTimeline(), '✓ Succeeded'],
    ['rolled back', rolledBackTimeline(), '↩ Rolled back'],
    ['failed', emptyTimeline(), '✕ Failed'],
  ])('badges a %s run', (_name, timeline, badge) => {
    expect(renderHtmlReport(timeline)).toContain(badge);
  });

  it('lists every marker in the table', () => {
    const timeline = rolledBackTimeline();

    const html = renderHtmlReport(timeline);

    expect(html.match(/<tr class="(state|alarm|rollback|outcome)">/g)).toHaveLength(timeline.markers.length);
    expect(html).toContain('<td class="t">t+69s</td>');
  });

  it('renders an empty run without NaN or undefined', () => {
    const html = renderHtmlReport(emptyTimeline());

    expect(html).not.toMatch(/NaN|Infinity|undefined/);
    expect(html).toContain('No markers were recorded.');
  });

  it('escapes text from the data', () => {
    const base = rolledBackTimeline();
    const timeline: SimulationTimeline = {
      ...base,
      markers: [{ atMs: FIXTURE_START_MS, label: '<script>alert(1)</script>', kind: 'state' }],
      summary: { ...base.summary, cause: '<img src=x onerror=alert(1)>', scenario: '"quoted" & <b>' },
    };

    const html = renderHtmlReport(timeline);

    expect(html).not.toMatch(/<script|<img/);
    expect(html).toContain('&quot;quoted&quot; &amp; &lt;b&gt;');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('is deterministic', () => {
    expect(renderHtmlReport(rolledBackTimeline())).toBe(renderHtmlReport(rolledBackTimeline()));
  });
});

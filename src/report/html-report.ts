/**
 * The report of one simulated deployment as a single self-contained HTML page: inline CSS,
 * the inline SVG timeline, no scripts and no network. Pure and deterministic.
 */

import { formatNumber, isoUtc } from '../core/format.ts';
import { renderFigureCards } from './html-cards.ts';
import { REPORT_CSS } from './html-style.ts';
import { formatCount, formatOffset, formatRatio, formatSeconds } from './numbers.ts';
import { renderTimelineSvg } from './svg-timeline.ts';
import type { SimulationSummary, SimulationTimeline } from './timeline.ts';
import { chartSeries } from './timeline-series.ts';
import { escapeXml } from './xml.ts';

/** The chart's width inside the page's content column; CSS scales it down on narrow screens. */
const CHART_WIDTH = 1100;

const BADGES: Readonly<Record<SimulationSummary['outcome'], { tone: string; text: string }>> = {
  succeeded: { tone: 'good', text: '✓ Succeeded' },
  'rolled-back': { tone: 'bad', text: '↩ Rolled back' },
  failed: { tone: 'bad', text: '✕ Failed' },
};

/** The story in one sentence, for readers who stop at the headline. */
function storyLine(s: SimulationSummary): string {
  const failed = s.failed.blue + s.failed.green + s.failed.unknown;
  const ratio = formatRatio(failed, s.theoreticalMinimumFailed);
  const data =
    s.database.lost === 0
      ? 'no acknowledged write was lost'
      : `${formatCount(s.database.lost)} acknowledged writes were LOST`;
  if (s.outcome === 'succeeded') {
    return `Green took all traffic with ${formatCount(failed)} failed requests; ${data}.`;
  }
  const detect = s.caughtBeforeTraffic
    ? 'Rolled back before any user request reached green'
    : s.timeToDetectSeconds === null
      ? ''
      : `Rollback started ${formatSeconds(s.timeToDetectSeconds)} after the first green failure`;
  const restore =
    s.timeToRestoreSeconds === null
      ? ''
      : `, blue had all traffic ${formatSeconds(s.timeToRestoreSeconds)} later`;
  const cost = `${formatCount(failed)} requests failed${ratio === null ? '' : ` (${ratio} the theoretical minimum)`}`;
  return `${detect === '' ? '' : `${detect}${restore}. `}${cost}; ${data}.`;
}

function header(timeline: SimulationTimeline, worldSeconds: number): string {
  const s = timeline.summary;
  const badge = BADGES[s.outcome];
  const sub = `Scenario ${s.scenario} · ${formatSeconds(worldSeconds)} of world time in ${formatSeconds(s.wall.seconds)} · ${formatNumber(s.rps, 1)} req/s · started ${isoUtc(timeline.startedAtMs)}`;
  const cause =
    s.error !== undefined || s.cause !== undefined
      ? `<div class="cause">${s.error === undefined ? '' : `<code>${escapeXml(s.error)}</code> `}${escapeXml(s.cause ?? '')}</div>`
      : '';
  return `<header><span class="badge ${badge.tone}">${escapeXml(badge.text)}</span>
<h1>${escapeXml(s.service)} <span class="ver">${escapeXml(s.fromVersion)}</span><span class="arrow">→</span><span class="ver">${escapeXml(s.toVersion)}</span></h1>
<p class="story">${escapeXml(storyLine(s))}</p>
<p class="sub">${escapeXml(sub)}</p>${cause}</header>`;
}

/** The plan, each step marked reached, stopped (where a rollback began) or not reached. */
function plan(timeline: SimulationTimeline): string {
  const s = timeline.summary;
  const peak = timeline.samples.reduce(
    (max, x) => Math.max(max, Number.isFinite(x.weights.green) ? x.weights.green : 0),
    0,
  );
  const reached = s.plan.filter((step) => step.weightPercent <= peak).length;
  const items = s.plan.map((step, i) => {
    const stopped = s.outcome !== 'succeeded' && i === reached - 1;
    const status = i >= reached ? 'not reached' : stopped ? 'rolled back here' : 'reached';
    const cls = i >= reached ? 'unreached' : stopped ? 'stopped' : 'reached';
    const width = formatNumber(Math.min(100, Math.max(0, step.weightPercent)), 1);
    const bake = step.bakeSeconds > 0 ? `bake ${formatSeconds(step.bakeSeconds)}` : 'no bake';
    return `<li class="${cls}"><span class="pct">${escapeXml(`${formatNumber(step.weightPercent, 1)}%`)}</span><span class="meter"><span style="width:${width}%"></span></span><span class="state">${escapeXml(`${bake} · ${status}`)}</span></li>`;
  });
  const body =
    items.length === 0 ? '<p class="sub">No plan steps.</p>' : `<ol class="plan">${items.join('')}</ol>`;
  return `<section class="card"><h2>Traffic plan</h2>${body}</section>`;
}

function markerTable(timeline: SimulationTimeline): string {
  const rows = timeline.markers.map(
    (m) =>
      `<tr class="${m.kind}"><td class="t">${escapeXml(formatOffset((m.atMs - timeline.startedAtMs) / 1000))}</td><td><span class="kind ${m.kind}">${escapeXml(m.kind)}</span></td><td>${escapeXml(m.label)}</td></tr>`,
  );
  const body =
    rows.length === 0
      ? '<p class="sub">No markers were recorded.</p>'
      : `<table><thead><tr><th>Time</th><th>Kind</th><th>Event</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
  return `<section class="card"><h2>Markers</h2>${body}</section>`;
}

/** Renders the whole report page for `timeline`. */
export function renderHtmlReport(timeline: SimulationTimeline): string {
  const s = timeline.summary;
  const worldSeconds = chartSeries(timeline).durationSeconds;
  const title = `Greenlight simulation: ${s.service} ${s.fromVersion} → ${s.toVersion}, ${BADGES[s.outcome].text.slice(2).toLowerCase()}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escapeXml(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
${header(timeline, worldSeconds)}
<section class="card chart" aria-label="Timeline">${renderTimelineSvg(timeline, { width: CHART_WIDTH, heading: false })}</section>
${renderFigureCards(s, worldSeconds)}
<div class="grid2">
${plan(timeline)}
${markerTable(timeline)}
</div>
<footer>Generated by greenlight simulate from the run's recorded data. World time is the simulation's clock; wall-clock time is real.</footer>
</main>
</body>
</html>
`;
}

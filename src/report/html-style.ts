/**
 * The report page's stylesheet: system fonts, no network, light and dark via
 * `prefers-color-scheme`. The chart's own neutrals switch the same way (see svg-theme.ts),
 * and its dark surface matches the card it sits on.
 */

import { FONT_FAMILY } from './svg-theme.ts';

export const REPORT_CSS = `
:root{color-scheme:light dark;--bg:#f1f5f9;--card:#ffffff;--text:#0f172a;--muted:#64748b;--border:#e2e8f0;
--good:#16a34a;--good-bg:#dcfce7;--bad:#dc2626;--bad-bg:#fee2e2;--warn:#d97706;--blue:#2563eb;--green:#16a34a;--chip:#f1f5f9}
@media (prefers-color-scheme: dark){:root{--bg:#020617;--card:#0f172a;--text:#e2e8f0;--muted:#94a3b8;--border:#1e293b;
--good:#4ade80;--good-bg:#052e16;--bad:#f87171;--bad-bg:#450a0a;--warn:#fbbf24;--chip:#1e293b}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--text);font:14px/1.5 ${FONT_FAMILY};font-variant-numeric:tabular-nums}
main{max-width:1180px;margin:0 auto;padding:28px 20px 40px}
h1{font-size:26px;line-height:1.2;margin:10px 0 6px;letter-spacing:-0.01em}
h2{font-size:13px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);margin:0 0 12px}
.ver{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85em;background:var(--chip);padding:1px 7px;border-radius:6px}
.arrow{color:var(--muted);margin:0 4px}
.sub{color:var(--muted);margin:0}
.story{font-size:16px;margin:0 0 4px;max-width:70ch}
.badge{display:inline-flex;align-items:center;gap:6px;font-weight:700;font-size:13px;padding:4px 12px;border-radius:999px;letter-spacing:.02em}
.badge.good{background:var(--good-bg);color:var(--good)}
.badge.bad{background:var(--bad-bg);color:var(--bad)}
.cause{margin-top:14px;padding:10px 14px;border-left:4px solid var(--bad);background:var(--card);border-radius:6px}
.cause code{font-weight:700;color:var(--bad)}
.cards{display:grid;grid-template-columns:repeat(5,minmax(0,1fr));gap:12px;margin:16px 0}
.card{background:var(--card);border:1px solid var(--border);border-radius:12px;padding:14px 16px}
.figure .label{color:var(--muted);font-size:12px;font-weight:600;text-transform:uppercase;letter-spacing:.05em}
.figure .value{font-size:30px;font-weight:750;line-height:1.15;margin:6px 0 4px;letter-spacing:-0.02em}
.figure .value small{font-size:14px;font-weight:600;color:var(--muted);margin-left:4px;letter-spacing:0}
.figure .note{color:var(--muted);font-size:12.5px}
.figure.bad .value{color:var(--bad)}
.figure.good .value{color:var(--good)}
.figure.wide{grid-column:span 3}
.figure.safety.good{border:2px solid var(--good)}
.figure.safety.bad{border:2px solid var(--bad);background:var(--bad-bg)}
.chips{display:flex;flex-wrap:wrap;gap:6px;margin-top:6px}
.chip{font-size:12px;padding:2px 8px;border-radius:999px;background:var(--chip)}
.dot{display:inline-block;width:8px;height:8px;border-radius:50%;margin-right:5px;vertical-align:1px}
.compare{display:grid;grid-template-columns:auto 1fr auto;gap:4px 8px;align-items:center;font-size:12px;margin-top:6px;color:var(--muted)}
.compare .bar{display:block;height:8px;border-radius:4px;min-width:2px}
.db{display:grid;grid-template-columns:repeat(3,auto);gap:2px 28px;justify-content:start;margin-top:8px;font-size:13px}
.safety .value{font-size:36px}
.db b{font-size:16px;display:block;color:var(--text)}
.chart{padding:16px 18px 8px;margin-top:18px}
.chart svg{width:100%;height:auto;display:block}
.grid2{display:grid;grid-template-columns:minmax(260px,1fr) 2fr;gap:16px;align-items:start}
@media (max-width:960px){.cards{grid-template-columns:repeat(2,minmax(0,1fr))}.figure.wide{grid-column:span 2}}
@media (max-width:760px){.grid2{grid-template-columns:1fr}}
.plan{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:8px}
.plan li{display:flex;align-items:center;gap:10px;padding:8px 10px;border-radius:8px;background:var(--chip)}
.plan .pct{font-weight:750;font-size:16px;min-width:52px}
.plan .meter{flex:1;height:8px;border-radius:4px;background:color-mix(in srgb,var(--blue) 25%,transparent);overflow:hidden}
.plan .meter span{display:block;height:100%;background:var(--green)}
.plan .state{font-size:12px;color:var(--muted);min-width:86px;text-align:right}
.plan li.stopped{outline:2px solid var(--bad)}
.plan li.stopped .state{color:var(--bad);font-weight:700}
.plan li.unreached{opacity:.5}
table{width:100%;border-collapse:collapse;font-size:13px}
th{text-align:left;color:var(--muted);font-weight:600;font-size:12px;text-transform:uppercase;letter-spacing:.05em;padding:0 8px 8px;border-bottom:1px solid var(--border)}
td{padding:6px 8px;border-bottom:1px solid var(--border);vertical-align:top}
td.t{white-space:nowrap;color:var(--muted);width:1%}
tr.alarm td,tr.rollback td{color:var(--bad);font-weight:650}
tr.rollback{background:var(--bad-bg)}
.kind{font-size:11px;font-weight:700;text-transform:uppercase;letter-spacing:.05em;padding:1px 7px;border-radius:999px;background:var(--chip);color:var(--muted)}
.kind.alarm,.kind.rollback{background:var(--bad);color:#fff}
.kind.outcome{background:var(--text);color:var(--card)}
footer{color:var(--muted);font-size:12px;margin-top:24px;text-align:center}
`;

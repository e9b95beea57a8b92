/**
 * Writes the report for the rolled-back fixture, to look at it in a browser:
 * `npx tsx test/report/preview.ts /tmp/report.html` (also writes the `.svg` next to it).
 * Not a test; nothing runs it automatically.
 */

import { writeFileSync } from 'node:fs';
import { renderHtmlReport } from '../../src/report/html-report.ts';
import { renderTimelineSvg } from '../../src/report/svg-timeline.ts';
import { rolledBackTimeline, succeededTimeline } from './fixtures.ts';

const target = process.argv[2] ?? '/tmp/report.html';
const timeline = process.argv[3] === 'succeeded' ? succeededTimeline() : rolledBackTimeline();
writeFileSync(target, renderHtmlReport(timeline));
writeFileSync(target.replace(/\.html$/, '.svg'), renderTimelineSvg(timeline));
console.log(`wrote ${target}`);

/**
 * The key figures of a run as cards. Each card is a label, one big value and a note that
 * says what the value means; colour only reinforces what the words already say.
 */

import { formatNumber } from '../core/format.ts';
import { formatCount, formatDetection, formatRatio, formatSeconds } from './numbers.ts';
import { COLOURS } from './svg-theme.ts';
import type { SimulationSummary } from './timeline.ts';
import { escapeXml } from './xml.ts';

type Tone = 'neutral' | 'good' | 'bad';

interface Card {
  readonly label: string;
  /** Already-escaped markup. */
  readonly value: string;
  /** Already-escaped markup. */
  readonly note: string;
  readonly tone?: Tone;
  readonly extraClass?: string;
}

function card({ label, value, note, tone = 'neutral', extraClass = '' }: Card): string {
  return `<div class="card figure ${tone} ${extraClass}"><div class="label">${escapeXml(label)}</div><div class="value">${value}</div><div class="note">${note}</div></div>`;
}

function chip(colour: string, text: string): string {
  return `<span class="chip"><span class="dot" style="background:${colour}"></span>${escapeXml(text)}</span>`;
}

function failedCard(s: SimulationSummary): string {
  const total = s.failed.blue + s.failed.green + s.failed.unknown;
  const share =
    s.requestsSent > 0 ? ` (${formatNumber((total / s.requestsSent) * 100, 2)}% of requests)` : '';
  return card({
    label: 'Failed requests',
    value: escapeXml(formatCount(total)),
    note: `${escapeXml(`5xx or network error${share}`)}<div class="chips">${chip(COLOURS.blue, `blue ${formatCount(s.failed.blue)}`)}${chip(COLOURS.green, `green ${formatCount(s.failed.green)}`)}${chip('#94a3b8', `unknown ${formatCount(s.failed.unknown)}`)}</div>`,
    tone: total > 0 ? 'bad' : 'good',
  });
}

/** Measured failures against the floor no detector could beat, as two bars. */
function minimumCard(s: SimulationSummary): string {
  const measured = s.failed.blue + s.failed.green + s.failed.unknown;
  const minimum = s.theoreticalMinimumFailed;
  const ratio = formatRatio(measured, minimum);
  if (minimum === null || !Number.isFinite(minimum)) {
    return card({ label: 'Failed vs minimum', value: '—', note: 'no failure to detect in this run' });
  }
  const scale = Math.max(measured, minimum, 1);
  const bar = (value: number, colour: string) =>
    `<span class="bar" style="width:${formatNumber(Math.max(2, (value / scale) * 100), 1)}%;background:${colour}"></span>`;
  return card({
    label: 'Failed vs minimum',
    value: escapeXml(ratio ?? '—'),
    note: `<div class="compare"><span>measured</span><span>${bar(measured, COLOURS.failure)}</span><b>${escapeXml(formatCount(measured))}</b><span>minimum</span><span>${bar(minimum, '#94a3b8')}</span><b>${escapeXml(formatCount(minimum))}</b></div>`,
  });
}

/** Data safety: acknowledged writes lost must be 0, and the card says so loudest of all. */
function databaseCard(s: SimulationSummary): string {
  const { rowsBefore, rowsAfter, acknowledgedWrites, lost } = s.database;
  const safe = lost === 0;
  return card({
    label: 'Acknowledged writes lost',
    value: `${escapeXml(formatCount(lost))}<small>${safe ? '✓ no data lost' : '✗ DATA LOSS'}</small>`,
    note: `${
      safe
        ? 'Every write the application acknowledged is still in PostgreSQL after the run.'
        : escapeXml(`${formatCount(lost)} acknowledged writes are missing from PostgreSQL after the run.`)
    }<div class="db"><span>rows before<b>${escapeXml(formatCount(rowsBefore))}</b></span><span>rows after<b>${escapeXml(formatCount(rowsAfter))}</b></span><span>acknowledged writes<b>${escapeXml(formatCount(acknowledgedWrites))}</b></span></div>`,
    tone: safe ? 'good' : 'bad',
    extraClass: 'wide safety',
  });
}

/** All cards, most telling first. */
export function renderFigureCards(s: SimulationSummary, worldSeconds: number): string {
  const worldNote = `${formatSeconds(worldSeconds)} of virtual world time, ${formatCount(Math.round(s.wall.requestsPerSecond))} real requests per second`;
  const cards = [
    failedCard(s),
    minimumCard(s),
    card({
      label: 'Time to detect',
      value: escapeXml(formatDetection(s)),
      note: s.caughtBeforeTraffic
        ? 'VerifyGreen rolled it back before the first shift'
        : 'first green failure → rollback start',
    }),
    card({
      label: 'Time to restore',
      value: escapeXml(formatSeconds(s.timeToRestoreSeconds)),
      note: 'rollback start → 100% on blue',
    }),
    card({
      label: 'Requests sent',
      value: escapeXml(formatCount(s.requestsSent)),
      note: escapeXml(
        `${formatNumber(s.rps, 1)} req/s of real HTTP, in world time (${formatCount(s.requestsScheduled)} scheduled${s.notSent > 0 ? `, ${formatCount(s.notSent)} NOT SENT` : ''})`,
      ),
    }),
    databaseCard(s),
    card({
      label: 'State transitions',
      value: escapeXml(formatCount(s.transitions)),
      note: 'Step Functions, billed per transition',
    }),
    card({
      label: 'Wall-clock time',
      value: escapeXml(formatSeconds(s.wall.seconds)),
      note: escapeXml(worldNote),
    }),
  ];
  return `<section class="cards" aria-label="Key figures">${cards.join('')}</section>`;
}

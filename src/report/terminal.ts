/**
 * String builders for `greenlight simulate`'s terminal output: the live status line, the
 * final summary and sparklines. Pure: they return strings, the CLI decides where they go.
 * Colour is optional (`colors: false` for pipes and `NO_COLOR`), and the words and numbers
 * are the same either way.
 */

import pc from 'picocolors';
import { formatNumber } from '../core/format.ts';
import {
  formatCount,
  formatDetection,
  formatMs,
  formatOffset,
  formatPercent,
  formatPlan,
  formatRatio,
  formatSeconds,
  MISSING,
} from './numbers.ts';
import type { SimulationSummary } from './timeline.ts';

/** Colour choice for every builder here. */
export interface TerminalOptions {
  /**
   * Whether to emit ANSI colours.
   * @default picocolors' detection (a TTY without `NO_COLOR`)
   */
  readonly colors?: boolean;
}

/** What the live status line shows. */
export interface ProgressSnapshot {
  /** The workflow state being run (e.g. `Bake`). */
  readonly state: string;
  /** Listener weights, percent. */
  readonly weights: { readonly blue: number; readonly green: number };
  readonly errorRatePercent: number;
  readonly p95Ms: number | null;
  /** World seconds since the start. */
  readonly worldSeconds: number;
  /** Requests sent so far. */
  readonly requests: number;
  /** Requests failed so far. */
  readonly failed: number;
}

type Colors = ReturnType<typeof pc.createColors>;

function colorsFor(options: TerminalOptions | undefined): Colors {
  return pc.createColors(options?.colors ?? pc.isColorSupported);
}

const BAR_CELLS = 10;

/**
 * `▕███░░░░░░░▏`: green's share in `cells` cells. Any weight above 0 shows at least one
 * cell and any weight below 100 leaves at least one empty, so 1% and 99% never read as
 * 0% and 100%.
 */
export function renderWeightBar(
  greenPercent: number,
  options?: TerminalOptions & { readonly cells?: number },
): string {
  const c = colorsFor(options);
  const cells = Math.max(2, Math.round(options?.cells ?? BAR_CELLS));
  const share = Number.isFinite(greenPercent) ? Math.min(100, Math.max(0, greenPercent)) : 0;
  const filled =
    share <= 0
      ? 0
      : share >= 100
        ? cells
        : Math.min(cells - 1, Math.max(1, Math.round((share / 100) * cells)));
  return `▕${c.green('█'.repeat(filled))}${c.blue('░'.repeat(cells - filled))}▏`;
}

/**
 * The live status, one line:
 * `● Bake            t+42s  ▕██░░░░░░░░▏ green 20%  errors 3.1%  p95 45 ms  1,234 req  12 failed`.
 */
export function renderProgressLine(p: ProgressSnapshot, options?: TerminalOptions): string {
  const c = colorsFor(options);
  const failing = Number.isFinite(p.errorRatePercent) && p.errorRatePercent > 0;
  const state = `${c.cyan('●')} ${c.bold(p.state.padEnd(16))}`;
  const time = c.dim(formatOffset(p.worldSeconds).padStart(7));
  const weights = `${renderWeightBar(p.weights.green, options)} green ${formatPercent(p.weights.green, 1).padStart(4)}`;
  const errors = `errors ${(failing ? c.red : c.dim)(formatPercent(p.errorRatePercent, 1).padStart(5))}`;
  const latency = `p95 ${formatMs(p.p95Ms).padStart(6)}`;
  const counts = `${formatCount(p.requests)} req  ${(p.failed > 0 ? c.red : c.dim)(`${formatCount(p.failed)} failed`)}`;
  return [state, time, weights, errors, latency, counts].join('  ');
}

const SPARKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;

/**
 * A sparkline of `values` scaled from 0 to their maximum (or `max`): `[0, 5, 10]` → `▁▅█`.
 * Non-finite values print as a space, so a gap in the data stays a gap.
 */
export function renderSparkline(values: readonly number[], options?: { readonly max?: number }): string {
  const finite = values.filter((v) => Number.isFinite(v));
  const max = options?.max ?? Math.max(0, ...finite);
  return values
    .map((v) => {
      if (!Number.isFinite(v)) return ' ';
      if (!(max > 0)) return SPARKS[0];
      const level = Math.round((Math.min(max, Math.max(0, v)) / max) * (SPARKS.length - 1));
      return SPARKS[level] ?? SPARKS[0];
    })
    .join('');
}

/** Label column width: the longest label (`failed requests:`) plus one space. */
const LABEL_WIDTH = 17;

function headline(s: SimulationSummary, c: Colors): string {
  const what = `${s.service} ${s.fromVersion} → ${s.toVersion}`;
  const badge =
    s.outcome === 'succeeded'
      ? c.bold(c.green('✔ SUCCEEDED'))
      : s.outcome === 'rolled-back'
        ? c.bold(c.red('↩ ROLLED BACK'))
        : c.bold(c.red('✖ FAILED'));
  return `${badge}  ${c.bold(what)}  ${c.dim(`(scenario ${s.scenario})`)}`;
}

function failedLine(s: SimulationSummary, c: Colors): string {
  const total = s.failed.blue + s.failed.green + s.failed.unknown;
  const ratio = formatRatio(total, s.theoreticalMinimumFailed);
  const minimum =
    s.outcome === 'rolled-back' &&
    s.theoreticalMinimumFailed !== null &&
    Number.isFinite(s.theoreticalMinimumFailed)
      ? ` (theoretical minimum ${formatCount(s.theoreticalMinimumFailed)}${ratio === null ? '' : `, ${ratio}`})`
      : '';
  return `${(total > 0 ? c.red : c.green)(formatCount(total))}${minimum}`;
}

function dataLine(s: SimulationSummary, c: Colors): string {
  const d = s.database;
  const lost =
    d.lost === 0
      ? c.green('0 lost ✔')
      : c.bold(c.red(`${formatCount(d.lost)} LOST ✖ acknowledged writes are missing`));
  return `${formatCount(d.rowsBefore)} rows before → ${formatCount(d.rowsAfter)} after · ${formatCount(d.acknowledgedWrites)} acknowledged writes · ${lost}`;
}

/** The end-of-run summary: a headline, the cause when it did not succeed, and aligned figures. */
export function renderSummary(summary: SimulationSummary, options?: TerminalOptions): string {
  const c = colorsFor(options);
  const s = summary;
  const rows: [string, string][] = [
    ['plan', formatPlan(s.plan)],
    ['load', `${formatNumber(s.rps, 1)} req/s for ${formatSeconds(s.worldSeconds)} of world time`],
    [
      'requests sent',
      `${formatCount(s.requestsSent)} of ${formatCount(s.requestsScheduled)} scheduled (rps × world time)${s.notSent > 0 ? c.red(` · ${formatCount(s.notSent)} NOT SENT: the generator was overloaded`) : ''}`,
    ],
    ['failed requests', failedLine(s, c)],
    [
      '',
      c.dim(
        `blue ${formatCount(s.failed.blue)} · green ${formatCount(s.failed.green)} · unknown ${formatCount(s.failed.unknown)}`,
      ),
    ],
    ['time to detect', formatDetection(s)],
    ['time to restore', formatSeconds(s.timeToRestoreSeconds)],
    ['transitions', formatCount(s.transitions)],
    [
      'wall-clock time',
      `${formatSeconds(s.wall.seconds)} · ${formatCount(Math.round(s.wall.requestsPerSecond))} real requests per second`,
    ],
    ['data', dataLine(s, c)],
  ];
  const lines = [headline(s, c)];
  if (s.outcome !== 'succeeded' && (s.error !== undefined || s.cause !== undefined)) {
    lines.push(
      `  ${c.red([s.error, s.cause].filter((x) => x !== undefined && x !== '').join(': ') || MISSING)}`,
    );
  }
  lines.push('');
  for (const [label, value] of rows) {
    lines.push(`  ${c.dim((label === '' ? '' : `${label}:`).padEnd(LABEL_WIDTH))}${value}`);
  }
  return lines.join('\n');
}

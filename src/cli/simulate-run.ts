/**
 * Running a simulation from the CLI: the live progress line, the summary, the report. Loaded
 * only when `simulate` or `demo` runs, so `greenlight --help` and the operator commands do not
 * pay for the local world.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { logUpdateStderr } from 'log-update';
import { renderHtmlReport } from '../report/html-report.ts';
import { renderProgressLine, renderSummary } from '../report/terminal.ts';
import type { SimulationTimeline } from '../report/timeline.ts';
import { runSimulation, type SimulationOptions } from '../simulate/run-simulation.ts';

/** Runs the simulation with a live status line on a terminal (or a line every few seconds otherwise). */
export async function runWithProgress(
  options: SimulationOptions,
  quiet: boolean,
): Promise<SimulationTimeline> {
  const tty = process.stderr.isTTY && !quiet;
  let lastPrinted = 0;
  const timeline = await runSimulation({
    ...options,
    onProgress: (progress) => {
      if (quiet) return;
      const line = renderProgressLine(progress, { colors: tty });
      if (tty) {
        logUpdateStderr(line);
      } else if (Date.now() - lastPrinted > 2000) {
        // Real time decides only how often a line is printed, never what happens.
        lastPrinted = Date.now();
        process.stderr.write(`${line}\n`);
      }
    },
  });
  if (tty) logUpdateStderr.done();
  return timeline;
}

/** Prints the summary (or JSON), writes the report, and says whether the run ended as expected. */
export async function present(
  timeline: SimulationTimeline,
  expected: 'succeeded' | 'rolled-back',
  cli: { json?: boolean; report?: string },
): Promise<boolean> {
  const { summary } = timeline;
  const ok = summary.outcome === expected && summary.database.lost === 0;
  if (cli.report) {
    await mkdir(dirname(cli.report), { recursive: true });
    await writeFile(cli.report, renderHtmlReport(timeline));
  }
  if (cli.json) {
    process.stdout.write(
      `${JSON.stringify({ ...summary, expected, asExpected: ok, report: cli.report ?? null }, null, 2)}\n`,
    );
  } else {
    process.stdout.write(`${renderSummary(summary, { colors: Boolean(process.stdout.isTTY) })}\n`);
    if (cli.report) process.stdout.write(`report: ${cli.report}\n`);
    process.stdout.write(
      ok ? `as expected: ${expected}\n` : `NOT as expected: wanted ${expected}, got ${summary.outcome}\n`,
    );
  }
  return ok;
}

/**
 * After a `--preset` run: what the simulator did for the procedure, then the seed's checklist.
 * True when the run may count as the procedure kept: every requirement met, or a rollback that
 * was expected (a bad release is not the procedure's to pass).
 */
export async function reportProcedure(
  preset: NonNullable<SimulationOptions['preset']>,
  timeline: SimulationTimeline,
  said: readonly string[],
  expected: 'succeeded' | 'rolled-back',
): Promise<boolean> {
  const { checkProcedure, renderChecklist } = await import('../simulate/procedure-checklist.ts');
  for (const line of said) process.stdout.write(`simulator: ${line}\n`);
  const items = checkProcedure(preset, timeline.audit);
  process.stdout.write(`${renderChecklist(items)}\n`);
  return expected === 'rolled-back' || items.every((item) => item.status !== 'not met');
}

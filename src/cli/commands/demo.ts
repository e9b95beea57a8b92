import type { Command } from 'commander';
import { simulationOptionsFrom } from './simulate.ts';

const defaults = { rps: '50', plan: '10,50,100', bake: '300', standby: '300', seed: '1' };

/** The three releases of the showcase, and how each is introduced. */
const releases = [
  { scenario: 'healthy', title: 'A healthy release' },
  {
    scenario: 'bad-green-errors',
    title: 'A bad release: green answers 20% of requests with 500 (caught before any user request)',
  },
  {
    scenario: 'green-crash',
    title: 'A release that crashes 30 s after it meets users (caught by its alarms, under traffic)',
  },
] as const;

/**
 * `npm start`: the showcase. A healthy release goes all the way to 100% and is promoted; a
 * release whose green answers 20% of requests with 500 fails its pre-traffic trial and is rolled
 * back before any user request reaches it; a release that crashes once it has traffic is rolled
 * back by its own alarms. All with real traffic and a real PostgreSQL engine. Exits 0 only when
 * each ends as expected and no acknowledged write was lost.
 */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'a healthy deployment, then two bad ones that roll back on their own (what `npm start` runs)',
    )
    .option('--report-dir <dir>', 'where the HTML reports go', 'reports')
    .option(
      '--preset <name>',
      "the three releases under a seed's procedure: its plan, thresholds, windows, approvals and checklist",
    )
    .option(
      '--environment <name>',
      'with --preset: which of its environments (default: its last, e.g. production)',
    )
    .action(async (cli: { reportDir: string; preset?: string; environment?: string }) => {
      const { present, reportProcedure, runWithProgress } = await import('../simulate-run.ts');
      let allOk = true;
      for (const release of releases) {
        process.stdout.write(`\n=== ${release.title} ===\n`);
        const said: string[] = [];
        const { options, expected } = await simulationOptionsFrom(
          {
            ...defaults,
            scenario: release.scenario,
            // A preset's standby can last days: 5 rps keeps it to minutes, as simulate --preset does.
            ...(cli.preset && { preset: cli.preset, rps: '5' }),
            ...(cli.environment && { environment: cli.environment }),
          },
          (line) => said.push(line),
        );
        const timeline = await runWithProgress(options, false);
        const report = `${cli.reportDir}/${release.scenario}.html`;
        const ok = await present(timeline, expected, { report });
        // The seed's checklist is the healthy release's to keep; a bad one is judged by its rollback.
        const kept =
          options.preset && expected === 'succeeded'
            ? await reportProcedure(options.preset, timeline, said, expected)
            : true;
        allOk = ok && kept && allOk;
      }
      process.exitCode = allOk ? 0 : 1;
    });
}

import type { Command } from 'commander';
import { present, runWithProgress, simulationOptionsFrom } from './simulate.ts';

const defaults = { rps: '50', plan: '10,50,100', bake: '300', standby: '300', seed: '1' };

/**
 * `npm start`: the showcase. A healthy release goes all the way to 100% and is promoted; then a
 * release whose green answers 20% of requests with 500 is rolled back on its own. Both with
 * real traffic and a real PostgreSQL engine. Exits 0 only when both end as expected and no
 * acknowledged write was lost.
 */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('a healthy deployment, then a bad one that rolls back on its own (what `npm start` runs)')
    .option('--report-dir <dir>', 'where the HTML reports go', 'reports')
    .action(async (cli: { reportDir: string }) => {
      let allOk = true;
      for (const name of ['healthy', 'bad-green-errors'] as const) {
        process.stdout.write(
          `\n=== ${name === 'healthy' ? 'A healthy release' : 'A bad release: green answers 20% of requests with 500'} ===\n`,
        );
        const { options, expected } = simulationOptionsFrom({ ...defaults, scenario: name });
        const timeline = await runWithProgress(options, false);
        const report = `${cli.reportDir}/${name}.html`;
        allOk = (await present(timeline, expected, { report })) && allOk;
      }
      process.exitCode = allOk ? 0 : 1;
    });
}

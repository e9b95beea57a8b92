import type { Command } from 'commander';
import { parsePlanSpec } from '../../core/traffic-plan.ts';
import type { SimulationOptions } from '../../simulate/run-simulation.ts';
import { type GreenBehaviour, type ScenarioName, scenario } from '../../simulate/scenarios.ts';
import { localMigrator, sampleMigrationsDir } from '../local-migrations.ts';
import { numberFlag } from '../number-flag.ts';

export interface SimulateCliOptions {
  readonly scenario: string;
  readonly greenErrorRate?: string;
  readonly greenLatencyMs?: string;
  readonly greenFailAfter?: string;
  readonly rps: string;
  readonly plan: string;
  readonly bake: string;
  readonly standby: string;
  readonly seed: string;
  readonly json?: boolean;
  readonly report?: string;
  readonly databaseUrl?: string;
  /** commander's `--no-trial`: false turns VerifyGreen's pre-traffic trial off. */
  readonly trial?: boolean;
}

/** `greenlight simulate`: one real deployment on the local world, then a summary and a report. */
export function registerSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .description(
      'run one real blue/green deployment on this machine (real HTTP, real PostgreSQL, the real workflow) and exit',
    )
    .option(
      '--scenario <name>',
      'healthy | bad-green-errors | slow-green | green-crash | green-never-healthy',
      'healthy',
    )
    .option('--green-error-rate <0..1>', "share of green's requests answered 500")
    .option('--green-latency-ms <n>', "latency added to each of green's requests (blue has 20 ms)")
    .option(
      '--green-fail-after <seconds>',
      'green crashes this many world seconds after it first gets traffic',
    )
    .option('--rps <n>', 'requests per world second of load (every one a real HTTP request)', '50')
    .option('--plan <weights>', 'traffic plan: percent per step', '10,50,100')
    .option('--bake <seconds>', 'bake per step, world seconds (seed 003: 5 minutes)', '300')
    .option('--standby <seconds>', 'blue hot standby after promotion, world seconds', '300')
    .option('--seed <n>', 'random seed (error draws)', '1')
    .option('--database-url <url>', 'a real PostgreSQL server (default: $DATABASE_URL, else embedded PGlite)')
    .option(
      '--no-trial',
      "skip VerifyGreen's pre-traffic trial, so a bad green meets users and the alarms must catch it",
    )
    .option('--json', 'print a machine-readable summary on stdout')
    .option('--report <file>', 'write an HTML report with the timeline chart')
    .action(async (cli: SimulateCliOptions) => {
      const { options, expected } = simulationOptionsFrom(cli);
      const { present, runWithProgress } = await import('../simulate-run.ts');
      const timeline = await runWithProgress(options, Boolean(cli.json));
      const ok = await present(timeline, expected, cli);
      process.exitCode = ok ? 0 : 1;
    });
}

/** Validates the flags into simulation options; a bad flag names itself and what it expects. */
export function simulationOptionsFrom(cli: SimulateCliOptions): {
  options: SimulationOptions;
  expected: 'succeeded' | 'rolled-back';
} {
  const base = scenario(cli.scenario);
  const green: GreenBehaviour = {
    errorRate:
      cli.greenErrorRate !== undefined
        ? numberFlag('--green-error-rate', cli.greenErrorRate, 0, 1)
        : base.errorRate,
    latencyMs:
      cli.greenLatencyMs !== undefined
        ? numberFlag('--green-latency-ms', cli.greenLatencyMs, 0, 60_000)
        : base.latencyMs,
    failAfterSeconds:
      cli.greenFailAfter !== undefined
        ? numberFlag('--green-fail-after', cli.greenFailAfter, 0, 86_400)
        : base.failAfterSeconds,
    neverHealthy: base.neverHealthy,
  };
  const faulty =
    green.errorRate > 0 ||
    green.latencyMs > base.latencyMs ||
    green.failAfterSeconds !== null ||
    green.neverHealthy;
  const bake = numberFlag('--bake', cli.bake, 1, 86_400);
  const databaseUrl = cli.databaseUrl ?? process.env.DATABASE_URL;
  return {
    expected: faulty || base.expected === 'rolled-back' ? 'rolled-back' : 'succeeded',
    options: {
      scenario: cli.scenario as ScenarioName,
      green,
      rps: numberFlag('--rps', cli.rps, 1, 5_000),
      plan: parsePlanSpec(cli.plan, bake),
      standbySeconds: numberFlag('--standby', cli.standby, 1, 86_400 * 7),
      seed: numberFlag('--seed', cli.seed, 0, Number.MAX_SAFE_INTEGER),
      ...(databaseUrl ? { databaseUrl } : {}),
      migrator: localMigrator,
      migrationsDir: sampleMigrationsDir,
      preTrafficTrial: cli.trial !== false,
    },
  };
}

import type { Command } from 'commander';
import { parsePlanSpec } from '../../core/traffic-plan.ts';
import { InvalidRequestError } from '../../errors.ts';
import { type ReleaseType, releaseTypes } from '../../schema/request.ts';
import type { PresetRun, SimulationOptions } from '../../simulate/run-simulation.ts';
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
  /** A seed preset to run instead of the flags' plan, bake and standby. */
  readonly preset?: string;
  /** The preset's environment. @default its last (production, where it has one) */
  readonly environment?: string;
  /** @default minor */
  readonly releaseType?: string;
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
    .option(
      '--preset <name>',
      "run a seed's procedure: its plan, thresholds, windows and approvals (greenlight init --list-presets)",
    )
    .option(
      '--environment <name>',
      'with --preset: which of its environments (default: its last, e.g. production)',
    )
    .option('--release-type <type>', `with --preset: ${releaseTypes.join(' | ')}`, 'minor')
    .option('--json', 'print a machine-readable summary on stdout')
    .option('--report <file>', 'write an HTML report with the timeline chart')
    .action(async (cli: SimulateCliOptions, command: Command) => {
      const explicit = ['plan', 'bake', 'standby'].filter(
        (flag) => command.getOptionValueSource(flag) === 'cli',
      );
      if (cli.preset !== undefined && explicit.length > 0) {
        throw new InvalidRequestError(
          `--${explicit[0]}: the preset "${cli.preset}" sets the traffic plan, bakes and standby; leave --${explicit[0]} out, or drop --preset`,
        );
      }
      const said: string[] = [];
      // A preset's standby can last days, under load all along: 5 rps still gives a 10% step of
      // a 5-minute bake 150 requests to judge, and keeps a 72-hour standby to minutes of wall time.
      const rps = cli.preset !== undefined && command.getOptionValueSource('rps') !== 'cli' ? '5' : cli.rps;
      const { options, expected } = await simulationOptionsFrom({ ...cli, rps }, (line) => said.push(line));
      const { present, runWithProgress } = await import('../simulate-run.ts');
      const timeline = await runWithProgress(options, Boolean(cli.json));
      const ok = await present(timeline, expected, cli);
      if (options.preset && !cli.json) {
        const { reportProcedure } = await import('../simulate-run.ts');
        const kept = await reportProcedure(options.preset, timeline, said, expected);
        process.exitCode = ok && kept ? 0 : 1;
        return;
      }
      process.exitCode = ok ? 0 : 1;
    });
}

/** Validates the flags into simulation options; a bad flag names itself and what it expects. */
export async function simulationOptionsFrom(
  cli: SimulateCliOptions,
  said?: (line: string) => void,
): Promise<{
  options: SimulationOptions;
  expected: 'succeeded' | 'rolled-back';
}> {
  const preset = cli.preset === undefined ? undefined : await presetRunFrom(cli, said);
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
      plan: preset ? preset.policy.trafficPlan.map((step) => ({ ...step })) : parsePlanSpec(cli.plan, bake),
      standbySeconds: preset
        ? preset.policy.standbySeconds
        : numberFlag('--standby', cli.standby, 1, 86_400 * 7),
      ...(preset ? { preset } : {}),
      seed: numberFlag('--seed', cli.seed, 0, Number.MAX_SAFE_INTEGER),
      ...(databaseUrl ? { databaseUrl } : {}),
      migrator: localMigrator,
      migrationsDir: sampleMigrationsDir,
      preTrafficTrial: cli.trial !== false,
    },
  };
}

/** The preset environment `--preset`, `--environment` and `--release-type` name. */
async function presetRunFrom(cli: SimulateCliOptions, said?: (line: string) => void): Promise<PresetRun> {
  const { presetNamed } = await import('../../presets/index.ts');
  const preset = presetNamed(cli.preset ?? '');
  const environments = Object.keys(preset.environments);
  const environment = cli.environment ?? (environments.at(-1) as string);
  const chosen = environments.includes(environment) ? preset.environments[environment] : undefined;
  if (!chosen) {
    throw new InvalidRequestError(
      `--environment: the "${preset.name}" preset has no environment "${environment}" (it has: ${environments.join(', ')})`,
    );
  }
  const releaseType = cli.releaseType ?? 'minor';
  if (!releaseTypes.includes(releaseType as ReleaseType)) {
    throw new InvalidRequestError(
      `--release-type: expected ${releaseTypes.join(', ')} (got "${releaseType}")`,
    );
  }
  return {
    name: preset.name,
    environment,
    policy: chosen.policy,
    releaseType: releaseType as ReleaseType,
    gaps: preset.gaps,
    ...(said ? { said } : {}),
  };
}

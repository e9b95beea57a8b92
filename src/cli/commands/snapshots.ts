/**
 * `greenlight snapshots prune`: deletes Greenlight's RDS snapshots whose
 * `greenlight:retain-until` has passed, as the scheduled snapshot-retention function does.
 * It acts on AWS (the local world's snapshots live only as long as its process), with the
 * usual credential chain, or `--profile` / `--region`.
 *
 * It cannot see which deployments are running (that is in the stack's table); their snapshots
 * are retained by their tag anyway, and `--protect` keeps chosen deployments' snapshots.
 *
 * Exit codes: 0 done (or a dry run), 1 a deletion or the listing failed, 2 bad usage.
 */
import { type Command, CommanderError } from 'commander';
import { describeError } from '../../errors.ts';
import { type PruneResult, pruneSnapshots } from '../../handlers/prune-snapshots.ts';
import type { Clock } from '../../ports/clock.ts';
import { systemClock } from '../../ports/clock.ts';
import type { SnapshotCatalog } from '../../ports/snapshot-retention.ts';
import { colors as pc } from '../terminal-colors.ts';

interface PruneFlags {
  dryRun?: boolean;
  json?: boolean;
  service?: string;
  environment?: string;
  region?: string;
  profile?: string;
  protect?: string[];
}

/** What the command reaches outside itself; tests swap these. */
export interface SnapshotsCommandOptions {
  /** @default an RdsSnapshotCatalog for the flags' region and profile */
  readonly catalog?: (aws: { region?: string; profile?: string }) => SnapshotCatalog;
  /** @default systemClock */
  readonly clock?: Clock;
}

const idList = (value: string, previous: string[] = []): string[] => [
  ...previous,
  ...value
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean),
];

/** The RDS catalog; the SDK loads when `snapshots prune` runs, not with the CLI. */
const awsCatalog = async (aws: { region?: string; profile?: string }): Promise<SnapshotCatalog> => {
  const { RDSClient } = await import('@aws-sdk/client-rds');
  const { RdsSnapshotCatalog } = await import('../../adapters/aws/rds-snapshot-catalog.ts');
  return new RdsSnapshotCatalog({
    client: new RDSClient({
      ...(aws.region && { region: aws.region }),
      ...(aws.profile && { profile: aws.profile }),
    }),
  });
};

/** Adds `snapshots prune` to `program`. */
export function registerSnapshotsCommand(program: Command, options: SnapshotsCommandOptions = {}): Command {
  const snapshots = program.command('snapshots').description("Greenlight's pre-migration database snapshots");
  snapshots
    .command('prune')
    .description('Delete the RDS snapshots Greenlight took whose greenlight:retain-until has passed (AWS)')
    .option('--dry-run', 'only list what would be deleted')
    .option('--json', 'machine-readable output')
    .option('--service <name>', 'only snapshots tagged greenlight:service=<name>')
    .option('--environment <name>', 'only snapshots tagged greenlight:environment=<name>')
    .option('--region <region>', 'AWS region (default: the SDK chain, e.g. $AWS_REGION)')
    .option('--profile <name>', 'AWS shared-config profile (default: the SDK chain, e.g. $AWS_PROFILE)')
    .option('--protect <deploymentIds>', 'keep these deployments’ snapshots, comma-separated', idList)
    .action(async (flags: PruneFlags, command: Command) => {
      for (const [flag, value] of [
        ['--service', flags.service],
        ['--environment', flags.environment],
        ['--region', flags.region],
        ['--profile', flags.profile],
      ] as const) {
        if (value !== undefined && value.trim() === '') {
          throw new CommanderError(2, 'greenlight.snapshots.usage', `${flag} must not be empty`);
        }
      }
      const out = (text: string) =>
        (command.configureOutput().writeOut ?? ((t: string) => process.stdout.write(t)))(text);
      const catalog = await (options.catalog ?? awsCatalog)({ region: flags.region, profile: flags.profile });
      let result: PruneResult | null = null;
      let failure: { name: string; message: string } | null = null;
      try {
        result = await pruneSnapshots(catalog, {
          scope: { service: flags.service, environment: flags.environment },
          nowMs: (options.clock ?? systemClock).nowMs(),
          dryRun: flags.dryRun,
          protectedDeploymentIds: flags.protect ?? [],
        });
      } catch (error) {
        failure = describeError(error);
      }
      const ok = failure === null && result !== null && result.failed.length === 0;
      if (flags.json) {
        out(`${JSON.stringify({ ok, ...result, error: failure }, null, 2)}\n`);
      } else {
        if (result) for (const line of describeResult(result)) out(`${line}\n`);
        if (failure) out(`${pc.red(failure.name)}: ${failure.message}\n`);
      }
      if (!ok) {
        throw new CommanderError(
          1,
          'greenlight.snapshots.failed',
          failure?.message ?? `${result?.failed.length ?? 0} snapshot deletion(s) failed`,
        );
      }
    });
  return snapshots;
}

/** The human-readable report: one line per snapshot, then a summary. */
export function describeResult(result: PruneResult): string[] {
  const lines: string[] = [];
  if (result.dryRun) {
    for (const e of result.expired) lines.push(`  ${pc.yellow('would delete')} ${e.snapshotId}: ${e.reason}`);
  }
  for (const d of result.deleted) {
    lines.push(
      `  ${pc.green(d.outcome === 'deleted' ? 'deleted' : 'already gone')} ${d.snapshotId}: ${d.reason}`,
    );
  }
  for (const f of result.failed) lines.push(`  ${pc.red('failed')} ${f.snapshotId}: ${f.error}`);
  for (const k of result.kept) lines.push(`  ${pc.dim('kept')} ${k.snapshotId}: ${k.reason}`);
  const done = result.dryRun
    ? `${result.expired.length} would be deleted (dry run)`
    : `${result.deleted.length} deleted, ${result.failed.length} failed`;
  lines.push(`${pc.bold('Snapshot retention')}: ${done}, ${result.kept.length} kept`);
  return lines;
}

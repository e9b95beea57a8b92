/**
 * `greenlight dr-test`: the DR drill on this machine. Runs the real dr-test.asl.json through
 * LocalStepFunctions with the real DR handlers bound to the local adapters, in compressed time,
 * against the embedded PGlite (default) or a real server (`--database-url` / $DATABASE_URL).
 *
 * It prepares a "latest backup" first: the demo `orders` table (with sample rows when empty)
 * and a fresh snapshot, which the drill then finds, restores into an isolated copy, verifies,
 * measures and deletes. The snapshot it took is removed afterwards.
 *
 * Exit codes: 0 the drill passed, 1 it failed (or could not run), 2 bad usage.
 */
import { type Command, CommanderError, InvalidArgumentError } from 'commander';
import type { SqlDatabase } from '../../db/engine/sql-database.ts';
import { currentSchema, describeTables, quoteIdent } from '../../db/engine/table-checksums.ts';
import type { DrillReport } from '../../dr/dr-report.ts';
import { describeError, InvalidRequestError } from '../../errors.ts';
import { createVirtualClock } from '../../local-world/clock/virtual-clock.ts';
import { ensureAppSchema, insertOrder } from '../../local-world/db/app-schema.ts';
import { createSnapshotStore } from '../../local-world/db/snapshots.ts';
import { colors as pc } from '../terminal-colors.ts';

interface DrTestFlags {
  databaseUrl?: string;
  rtoMinutes: number;
  rpoMinutes: number;
  tables?: string[];
  tolerancePercent: number;
  drill: 'restore-test' | 'backup-verification';
  json?: boolean;
  corrupt?: boolean;
  preset?: string;
  environment?: string;
}

/** What the command reaches outside itself; tests swap these. */
export interface DrTestCommandOptions {
  /** @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const sampleItems = ['espresso', 'flat white', 'croissant', 'bagel', 'granola'];

const positiveNumber = (value: string): number => {
  const parsed = Number(value);
  if (!(parsed > 0)) throw new InvalidArgumentError(`expected a number above 0, got "${value}"`);
  return parsed;
};
const percent = (value: string): number => {
  const parsed = Number(value);
  if (!(parsed >= 0 && parsed <= 100)) throw new InvalidArgumentError(`expected 0 to 100, got "${value}"`);
  return parsed;
};
const tableList = (value: string, previous: string[] = []): string[] => [
  ...previous,
  ...value
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean),
];

/** Damages the restored copy: one row less in each table, so the integrity check must fail. */
async function deleteOneRowPerTable(copy: SqlDatabase): Promise<void> {
  const schema = await currentSchema(copy);
  for (const table of await describeTables(copy, schema)) {
    const name = `${quoteIdent(schema)}.${quoteIdent(table.name)}`;
    await copy.exec(`DELETE FROM ${name} WHERE ctid = (SELECT ctid FROM ${name} LIMIT 1)`);
  }
}

/** Adds `dr-test` to `program`. */
export function registerDrTestCommand(program: Command, options: DrTestCommandOptions = {}): Command {
  const env = options.env ?? process.env;
  return program
    .command('dr-test')
    .description(
      'Run the DR drill (dr-test.asl.json) locally: snapshot, isolated restore, integrity, RTO/RPO, cleanup',
    )
    .option('--database-url <url>', 'a real PostgreSQL server (default: $DATABASE_URL, else embedded PGlite)')
    .option('--rto-minutes <n>', 'recovery time objective (seed 000: 240)', positiveNumber, 240)
    .option('--rpo-minutes <n>', 'recovery point objective (seed 000: 60)', positiveNumber, 60)
    .option('--tables <names>', 'tables to verify, comma-separated (default: every table)', tableList)
    .option('--tolerance-percent <n>', 'allowed row-count difference; 0 also compares checksums', percent, 0)
    .option('--drill <kind>', 'restore-test or backup-verification', 'restore-test')
    .option('--json', 'machine-readable output')
    .option('--corrupt', 'damage the restored copy before verification (demo: the drill must fail)')
    .option('--preset <name>', "the RTO and RPO of a seed's preset (greenlight init --list-presets)")
    .option(
      '--environment <name>',
      'with --preset: whose targets (default: its last environment that has them)',
    )
    .action(async (flags: DrTestFlags, command: Command) => {
      /** Why the targets are what they are, when the preset's seed names none. */
      let assumed: string | undefined;
      if (flags.preset !== undefined) {
        const targets = await presetTargets(flags.preset, flags.environment, command);
        flags.rtoMinutes = targets.rtoMinutes;
        flags.rpoMinutes = targets.rpoMinutes;
        if (targets.assumed) assumed = `preset "${flags.preset}": ${targets.assumed}`;
      }
      if (flags.drill !== 'restore-test' && flags.drill !== 'backup-verification') {
        throw new CommanderError(
          2,
          'greenlight.dr-test.usage',
          `--drill must be restore-test or backup-verification, got "${flags.drill}"`,
        );
      }
      const url = flags.databaseUrl ?? env.DATABASE_URL;
      // The drill and the database engine load only when a drill runs.
      const { localBackupSnapshotId, runLocalDrill } = await import('../../dr/run-local-drill.ts');
      const { openDatabase } = await import('../../db/engine/sql-database.ts');
      const clock = createVirtualClock();
      const startMs = clock.nowMs();
      const store = createSnapshotStore({ clock });
      const snapshotId = localBackupSnapshotId(startMs);
      let report: DrillReport | null = null;
      let status = 'FAILED';
      let failure: unknown;
      try {
        const db = await openDatabase(url ? { url } : {});
        try {
          await ensureAppSchema(db);
          const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM orders');
          if ((rows[0]?.n ?? 0) === 0) {
            for (const item of sampleItems) await insertOrder(db, { colour: 'blue', version: '1.0.0', item });
          }
          await store.createSnapshot(db, snapshotId);
          try {
            const result = await runLocalDrill({
              db,
              store,
              clock,
              request: {
                drill: flags.drill,
                rtoMinutes: flags.rtoMinutes,
                rpoMinutes: flags.rpoMinutes,
                rowCountTolerancePercent: flags.tolerancePercent,
                ...(flags.tables && { tables: flags.tables }),
              },
              ...(flags.corrupt && { afterRestore: deleteOneRowPerTable }),
            });
            report = result.report;
            status = result.execution.status;
            if (!report)
              failure = new Error(
                `the drill ended ${status} without a report: ${result.execution.cause ?? ''}`,
              );
          } finally {
            await store.deleteSnapshot(db, snapshotId);
          }
        } finally {
          await db.close();
        }
      } catch (error) {
        failure = error;
      }
      const out = (text: string) =>
        (command.configureOutput().writeOut ?? ((t: string) => process.stdout.write(t)))(text);
      const error = failure === undefined ? null : describeError(failure);
      if (flags.json) {
        out(
          `${JSON.stringify({ ok: report?.passed === true && !error, status, report, error, ...(assumed && { assumed }) }, null, 2)}\n`,
        );
      } else {
        if (assumed) out(`${assumed}\n`);
        out(`${pc.bold('DR drill')} (${url ? 'PostgreSQL server' : 'embedded PGlite'}, virtual time)\n`);
        for (const line of report?.lines ?? []) out(`  ${line}\n`);
        if (report) out(`${report.passed ? pc.green(report.summary) : pc.red(report.summary)}\n`);
        if (error) out(`${pc.red(error.name)}: ${error.message}\n`);
      }
      if (error || !report?.passed) {
        throw new CommanderError(
          1,
          'greenlight.dr-test.failed',
          report?.summary ?? error?.message ?? 'the drill failed',
        );
      }
    });
}

/** The RTO and RPO `--preset` names, refused beside explicit targets or when its seed sets none. */
async function presetTargets(
  name: string,
  environment: string | undefined,
  command: Command,
): Promise<{ rtoMinutes: number; rpoMinutes: number; assumed?: string }> {
  const explicit = ['rtoMinutes', 'rpoMinutes'].find((flag) => command.getOptionValueSource(flag) === 'cli');
  if (explicit) {
    throw new InvalidRequestError(
      `--${explicit === 'rtoMinutes' ? 'rto' : 'rpo'}-minutes: the preset "${name}" sets the targets; leave it out, or drop --preset`,
    );
  }
  const { presetNamed } = await import('../../presets/index.ts');
  const preset = presetNamed(name);
  const withTargets = Object.entries(preset.environments).filter(([, entry]) => entry.dr !== undefined);
  const chosen =
    environment === undefined ? withTargets.at(-1) : withTargets.find(([env]) => env === environment);
  if (!chosen?.[1].dr) {
    throw new InvalidRequestError(
      `--preset: the "${preset.name}" preset sets no RTO/RPO${environment ? ` for ${environment}` : ''} (its seed names none${withTargets.length > 0 ? `; ${withTargets.map(([env]) => env).join(', ')} have them` : ''}); pass --rto-minutes and --rpo-minutes instead`,
    );
  }
  const { rtoMinutes, rpoMinutes, assumed } = chosen[1].dr;
  return { rtoMinutes, rpoMinutes, ...(assumed && { assumed }) };
}

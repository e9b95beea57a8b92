/**
 * `greenlight db status|migrate|rollback`: the migration engine for operators.
 *
 * Exit codes: 0 ok, 1 the command failed (refused or a script failed), 2 bad usage. Every
 * exit goes through commander (`command.error` / its parse errors), so with
 * `program.exitOverride()` the caller gets a `CommanderError` whose `exitCode` is the code;
 * without it, commander exits the process with that code.
 */
import { type Command, CommanderError, InvalidArgumentError } from 'commander';
import type { SqlDatabase } from '../../db/engine/sql-database.ts';
import type { MigrationLogger, SqlMigrator } from '../../db/sql-migrator.ts';
import { formatStatusTable } from '../../db/status-table.ts';
import { describeError } from '../../errors.ts';
import { colors as pc } from '../terminal-colors.ts';

/** What the command reaches outside itself; tests swap these. */
export interface DbCommandOptions {
  /**
   * Opens the database named by `--database-url` / `$DATABASE_URL`.
   * @default - a `pg` pool of 2 with a 15-minute statement timeout (an index build can take a while)
   */
  readonly openDatabase?: (url: string) => Promise<SqlDatabase>;
  /** @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

interface CommonFlags {
  databaseUrl?: string;
  dir: string;
  json?: boolean;
}

const USAGE = 2;
const FAILED = 1;

/** Adds `db status|migrate|rollback` to `program`. */
export function registerDbCommand(program: Command, options: DbCommandOptions = {}): Command {
  const env = options.env ?? process.env;
  const open =
    options.openDatabase ??
    (async (url) => {
      // pg and the migration engine load when a db command runs, not with the CLI.
      const { openPostgres } = await import('../../db/engine/postgres-database.ts');
      return openPostgres(url, { maxConnections: 2, statementTimeoutMs: 900_000 });
    });

  const db = program
    .command('db')
    .description('Versioned SQL migrations: show, apply, revert')
    // Commander reports its own parse errors with exit code 1; in this command they are usage
    // errors, so they leave with 2.
    .exitOverride((error) => {
      throw error.exitCode === 1 && error.code.startsWith('commander.')
        ? new CommanderError(USAGE, error.code, error.message)
        : error;
    });

  const common = (command: Command) =>
    command
      .option('--database-url <url>', 'postgres:// URL of the database (default: $DATABASE_URL)')
      .requiredOption('--dir <dir>', 'the migration folder (NNN_name.up.sql / NNN_name.down.sql)')
      .option('--json', 'machine-readable output');

  /** Opens the database, runs `work`, closes, and maps failures to exit code 1. */
  const withMigrator = async (
    command: Command,
    flags: CommonFlags,
    migratorOptions: { allowBlueIncompatible?: boolean },
    work: (migrator: SqlMigrator) => Promise<void>,
  ): Promise<void> => {
    const url = flags.databaseUrl ?? env.DATABASE_URL;
    if (!url) {
      command.error(
        'no database given: pass --database-url postgres://user@host:5432/db or set DATABASE_URL ' +
          '(greenlight db never falls back to an in-memory database: an operator command must act on a real one)',
        { exitCode: USAGE, code: 'greenlight.db.noDatabase' },
      );
      return;
    }
    const logger: MigrationLogger = {
      info: () => {},
      warn: (message) => writeErr(command, `${pc.yellow('warning:')} ${message}\n`),
    };
    let failure: unknown;
    try {
      const database = await open(url);
      try {
        const { createSqlMigrator } = await import('../../db/sql-migrator.ts');
        await work(createSqlMigrator(database, { ...migratorOptions, logger }));
      } finally {
        await database.close();
      }
    } catch (error) {
      failure = error;
    }
    if (failure === undefined) return;
    const { name, message } = describeError(failure);
    if (flags.json)
      writeOut(command, `${JSON.stringify({ ok: false, error: { name, message } }, null, 2)}\n`);
    command.error(`${pc.red(name)}: ${message}`, { exitCode: FAILED, code: 'greenlight.db.failed' });
  };

  common(db.command('status').description('Show applied, pending and drifted migrations')).action(
    async (flags: CommonFlags, command: Command) =>
      withMigrator(command, flags, {}, async (migrator) => {
        const status = await migrator.status(flags.dir);
        writeOut(
          command,
          flags.json ? `${JSON.stringify(status, null, 2)}\n` : formatStatusTable(status, pc),
        );
      }),
  );

  common(db.command('migrate').description('Apply the pending migrations, each in its own transaction'))
    .option('--deployment-id <id>', 'recorded as applied_by_deployment (default: manual-<UTC timestamp>)')
    .option(
      '--allow-breaking',
      'apply "-- greenlight: breaks-blue" migrations (the approval for a contract change)',
    )
    .action(
      async (flags: CommonFlags & { deploymentId?: string; allowBreaking?: boolean }, command: Command) =>
        withMigrator(
          command,
          flags,
          { allowBlueIncompatible: flags.allowBreaking === true },
          async (migrator) => {
            const deploymentId =
              flags.deploymentId ?? `manual-${new Date().toISOString().replace(/[-:]|\.\d{3}/g, '')}`;
            const report = await migrator.migrate(flags.dir, { deploymentId });
            if (flags.json) {
              writeOut(command, `${JSON.stringify({ ok: true, deploymentId, ...report }, null, 2)}\n`);
              return;
            }
            const width = Math.max(0, ...report.applied.map((migration) => migration.id.length));
            for (const migration of report.applied) {
              const kind = migration.blueCompatible ? 'blue-compatible' : pc.red('breaks-blue');
              writeOut(command, `${pc.green('applied')}  ${migration.id.padEnd(width)}  ${kind}\n`);
            }
            writeOut(
              command,
              `${report.applied.length} applied, ${report.alreadyApplied} already applied (deployment ${deploymentId})\n`,
            );
          },
        ),
    );

  common(db.command('rollback').description("Run down scripts: a deployment's migrations, or the last N"))
    .option('--deployment-id <id>', 'revert the migrations this deployment applied, newest first')
    .option('--steps <n>', 'revert the last n applied migrations (default: 1)', parseSteps)
    .action(async (flags: CommonFlags & { deploymentId?: string; steps?: number }, command: Command) => {
      if (flags.deploymentId !== undefined && flags.steps !== undefined) {
        command.error('give either --deployment-id or --steps, not both', {
          exitCode: USAGE,
          code: 'greenlight.db.usage',
        });
        return;
      }
      await withMigrator(command, flags, {}, async (migrator) => {
        const reverted =
          flags.deploymentId === undefined
            ? await migrator.rollbackLast(flags.dir, { steps: flags.steps ?? 1 })
            : await migrator.revert(flags.dir, { deploymentId: flags.deploymentId });
        if (flags.json) {
          writeOut(command, `${JSON.stringify({ ok: true, reverted }, null, 2)}\n`);
          return;
        }
        for (const id of reverted) writeOut(command, `${pc.yellow('reverted')}  ${id}\n`);
        writeOut(command, `${reverted.length} reverted\n`);
      });
    });

  return db;
}

function parseSteps(value: string): number {
  const steps = Number(value);
  if (!Number.isInteger(steps) || steps < 1) {
    throw new InvalidArgumentError(`expected a whole number of at least 1, got "${value}"`);
  }
  return steps;
}

/** Writes through commander's output configuration, so callers can capture it. */
function writeOut(command: Command, text: string): void {
  (command.configureOutput().writeOut ?? ((t: string) => process.stdout.write(t)))(text);
}

function writeErr(command: Command, text: string): void {
  (command.configureOutput().writeErr ?? ((t: string) => process.stderr.write(t)))(text);
}

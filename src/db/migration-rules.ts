/**
 * The migrator's decisions, as pure functions of the files on disk and the bookkeeping rows:
 * what drifted, what may run, what to revert, and the messages that explain a refusal.
 */
import { MigrationFailedError } from '../errors.ts';
import type { MigrationFile } from './migration-files.ts';
import type { MigrationRecord } from './migration-table.ts';

/** An applied migration whose up file no longer has the bytes that were applied. */
export interface DriftedMigration {
  readonly id: string;
  readonly file: string;
  readonly appliedChecksum: string;
  readonly fileChecksum: string;
}

/** Applied migrations whose file changed since. */
export function findDrift(
  files: readonly MigrationFile[],
  records: readonly MigrationRecord[],
): DriftedMigration[] {
  const applied = new Map(records.map((record) => [record.id, record]));
  return files.flatMap((file) => {
    const record = applied.get(file.id);
    return record && record.checksum !== file.checksum
      ? [{ id: file.id, file: file.upPath, appliedChecksum: record.checksum, fileChecksum: file.checksum }]
      : [];
  });
}

/** The refusal for drifted files: names each file and both checksums, and says how to fix it. */
export function driftError(drifted: readonly DriftedMigration[]): MigrationFailedError {
  const lines = drifted.map(
    (d) => `  ${d.file}: applied with sha256 ${d.appliedChecksum}, the file now has sha256 ${d.fileChecksum}`,
  );
  return new MigrationFailedError(
    `refusing to migrate: ${drifted.length === 1 ? 'an applied migration was' : `${drifted.length} applied migrations were`} ` +
      `edited after being applied; nothing was run.\n${lines.join('\n')}\n` +
      'Never edit an applied migration: restore the file to what was applied (e.g. from version control) ' +
      'and put the change in a new migration with the next number.',
  );
}

/**
 * The refusal for contract migrations without the policy's approval. Blue keeps serving during
 * the canary, on the same database, so a schema it cannot use breaks live traffic.
 */
export function breaksBlueError(breaking: readonly MigrationFile[]): MigrationFailedError {
  const files = breaking.map((file) => `  ${file.upPath}`).join('\n');
  return new MigrationFailedError(
    `refusing to migrate: ${breaking.length === 1 ? 'a migration is' : `${breaking.length} migrations are`} marked ` +
      `"-- greenlight: breaks-blue"; nothing was run.\n${files}\n` +
      'Blue (the version now serving) keeps taking traffic on this database during the canary and the standby, ' +
      'so it would fail on the new schema. Split the change: expand now (add the new column/table, ' +
      'blue-compatible), and contract (drop/rename) in a later release once no running version uses the old shape. ' +
      'Or, if the break is intended, get the approval (policy allowBlueIncompatible / --allow-breaking).',
  );
}

/** A PostgreSQL error as one line: message, SQLSTATE, detail and hint when present. */
export function describeSqlError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const fields = error as Error & { code?: unknown; detail?: unknown; hint?: unknown };
  const parts = [error.message];
  if (typeof fields.code === 'string') parts.push(`(SQLSTATE ${fields.code})`);
  if (typeof fields.detail === 'string' && fields.detail) parts.push(`detail: ${fields.detail}`);
  if (typeof fields.hint === 'string' && fields.hint) parts.push(`hint: ${fields.hint}`);
  return parts.join(' ');
}

/** The error for a migration script that PostgreSQL rejected; its transaction was rolled back. */
export function scriptFailedError(
  path: string,
  direction: 'up' | 'down',
  error: unknown,
): MigrationFailedError {
  return new MigrationFailedError(
    `${path} failed and was rolled back completely (${direction === 'up' ? 'not applied' : 'still applied'}): ` +
      `PostgreSQL said: ${describeSqlError(error)}`,
    { cause: error },
  );
}

/**
 * Which applied migrations to revert, newest first, checked so that nothing runs unless every
 * one of them can: each needs its up file (unchanged) and its down file.
 * @throws MigrationFailedError naming every migration that cannot be reverted and why
 */
export function planRevert(
  files: readonly MigrationFile[],
  targets: readonly MigrationRecord[],
  dir: string,
): MigrationFile[] {
  const byId = new Map(files.map((file) => [file.id, file]));
  const problems: string[] = [];
  const plan: MigrationFile[] = [];
  for (const record of targets) {
    const file = byId.get(record.id);
    if (!file) problems.push(`  ${record.id}: applied, but ${record.id}.up.sql is not in ${dir}`);
    else if (file.checksum !== record.checksum)
      problems.push(`  ${file.upPath}: edited since it was applied, so its down script may not match`);
    else if (file.downSql === undefined)
      problems.push(`  ${record.id}: no down script (${record.id}.down.sql)`);
    else plan.push(file);
  }
  if (problems.length > 0) {
    throw new MigrationFailedError(
      `refusing to revert: nothing was run, because not every migration can be reverted:\n${problems.join('\n')}\n` +
        'Add the missing down script(s) (each migration needs one to be reverted), or restore the database from the snapshot.',
    );
  }
  return plan.sort((a, b) => b.number - a.number);
}

/** The bookkeeping rows in run order (by number), newest last. */
export function inRunOrder(records: readonly MigrationRecord[]): MigrationRecord[] {
  const number = (id: string) => Number.parseInt(/^\d+/.exec(id)?.[0] ?? 'NaN', 10);
  return [...records].sort((a, b) => number(a.id) - number(b.id) || a.id.localeCompare(b.id));
}

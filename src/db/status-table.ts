/**
 * The operator's view of a migration folder against a database: one line per migration with
 * its state, so drift and pending contract migrations stand out before anyone runs `migrate`.
 */
import type pc from 'picocolors';
import type { MigrationStatus } from './sql-migrator.ts';

/** picocolors' formatters (`pc`, or `pc.createColors(false)` for plain text). */
export type Colors = ReturnType<typeof pc.createColors>;

/** One line of the table, before colouring. */
export interface StatusLine {
  readonly id: string;
  readonly state: 'applied' | 'pending' | 'DRIFTED' | 'applied (file missing)';
  readonly kind: 'blue-compatible' | 'breaks-blue';
  readonly appliedAt: string;
  readonly appliedBy: string;
}

/** The lines of the status table, in run order: applied (and drifted) first, then pending. */
export function statusLines(status: MigrationStatus): StatusLine[] {
  const drifted = new Set(status.drifted.map((d) => d.id));
  const applied = status.applied.map(
    (record): StatusLine => ({
      id: record.id,
      state: drifted.has(record.id) ? 'DRIFTED' : record.file ? 'applied' : 'applied (file missing)',
      kind: record.blueCompatible ? 'blue-compatible' : 'breaks-blue',
      appliedAt: record.appliedAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      appliedBy: record.appliedByDeployment ?? '-',
    }),
  );
  const pending = status.pending.map(
    (migration): StatusLine => ({
      id: migration.id,
      state: 'pending',
      kind: migration.blueCompatible ? 'blue-compatible' : 'breaks-blue',
      appliedAt: '-',
      appliedBy: '-',
    }),
  );
  return [...applied, ...pending];
}

/** The status as an aligned text table with a one-line summary, coloured with `colors`. */
export function formatStatusTable(status: MigrationStatus, colors: Colors): string {
  const lines = statusLines(status);
  if (lines.length === 0) return 'no migrations in the folder and none applied\n';
  const header = ['MIGRATION', 'STATUS', 'KIND', 'APPLIED AT', 'APPLIED BY'];
  const cells = lines.map((line) => [line.id, line.state, line.kind, line.appliedAt, line.appliedBy]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.map((row) => (row[column] ?? '').length)),
  );
  const paint = (state: StatusLine['state'], text: string) =>
    state === 'DRIFTED'
      ? colors.bold(colors.red(text))
      : state === 'pending'
        ? colors.yellow(text)
        : state === 'applied'
          ? colors.green(text)
          : colors.magenta(text);
  const pad = (row: readonly string[]) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0));
  const body = lines.map((line, index) => {
    const [id, state, kind, at, by] = pad(cells[index] ?? []);
    const kindText = line.kind === 'breaks-blue' ? colors.red(kind) : kind;
    return [id, paint(line.state, state ?? ''), kindText, at, by].join('  ').trimEnd();
  });
  const summary = [
    `${status.applied.length} applied`,
    `${status.pending.length} pending`,
    status.drifted.length > 0 ? colors.bold(colors.red(`${status.drifted.length} DRIFTED`)) : '0 drifted',
  ].join(', ');
  return `${colors.bold(pad(header).join('  ').trimEnd())}\n${body.join('\n')}\n${summary}\n`;
}

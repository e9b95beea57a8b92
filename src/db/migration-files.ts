/**
 * Loads a release's migration folder and checks it before anything touches a database.
 *
 * A folder holds `NNN_name.up.sql` files, each with an optional `NNN_name.down.sql`. Every up
 * file opens with a header saying whether blue (the version still serving) keeps working on
 * the new schema: that is what lets the deploy workflow run migrations before traffic moves.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MigrationFailedError } from '../errors.ts';

/** The two header lines an up file may start with. */
export const MIGRATION_HEADERS = {
  blueCompatible: '-- greenlight: blue-compatible',
  breaksBlue: '-- greenlight: breaks-blue',
} as const;

/** One migration as found on disk. */
export interface MigrationFile {
  /** `NNN_name`: the file name without `.up.sql`; the key in the bookkeeping table. */
  readonly id: string;
  /** The `NNN` prefix as a number; migrations run in this order. */
  readonly number: number;
  /** Absolute path of the up file. */
  readonly upPath: string;
  readonly upSql: string;
  /** sha256 (hex) of the up file's bytes. */
  readonly checksum: string;
  /** True for `-- greenlight: blue-compatible` (expand-only), false for `breaks-blue`. */
  readonly blueCompatible: boolean;
  /** Absolute path of the down file, when there is one. */
  readonly downPath?: string;
  readonly downSql?: string;
}

/** A validated migration folder, in run order. */
export interface MigrationSet {
  readonly dir: string;
  readonly migrations: readonly MigrationFile[];
  /** Things worth telling an operator that do not stop a run (e.g. a missing down file). */
  readonly warnings: readonly string[];
}

const FILE_PATTERN = /^(\d+)_([A-Za-z0-9_-]+)\.(up|down)\.sql$/;

/** A parsed migration file name. */
export interface MigrationFileName {
  readonly id: string;
  readonly number: number;
  readonly direction: 'up' | 'down';
}

/** Parses `NNN_name.up.sql` / `NNN_name.down.sql`; undefined for any other name. */
export function parseMigrationFileName(fileName: string): MigrationFileName | undefined {
  const match = FILE_PATTERN.exec(fileName);
  if (!match) return undefined;
  const [, digits, name, direction] = match as unknown as [string, string, string, 'up' | 'down'];
  return { id: `${digits}_${name}`, number: Number.parseInt(digits, 10), direction };
}

/**
 * Reads the expand/contract header: the first non-blank line of an up file.
 * @returns true for blue-compatible, false for breaks-blue
 * @throws MigrationFailedError naming the file and the two allowed lines
 */
export function parseHeader(fileName: string, sql: string): boolean {
  const firstLine = sql
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .find((line) => line.trim() !== '');
  const match = /^--\s*greenlight:\s*(blue-compatible|breaks-blue)\s*$/.exec(firstLine?.trim() ?? '');
  if (match) return match[1] === 'blue-compatible';
  throw new MigrationFailedError(
    `${fileName} has no expand/contract header. Its first line must be one of:\n` +
      `  ${MIGRATION_HEADERS.blueCompatible}   (expand only: the old version keeps working, e.g. a new nullable column or table)\n` +
      `  ${MIGRATION_HEADERS.breaksBlue}        (contract: drops or renames something the old version uses)\n` +
      `found: ${firstLine === undefined ? '(an empty file)' : JSON.stringify(firstLine.trim())}`,
  );
}

/** Contents of the folder's files, by file name; what {@link planMigrationSet} checks. */
export type FolderContents = ReadonlyMap<string, Buffer>;

/**
 * Turns a folder's files into an ordered migration set, refusing anything ambiguous: a `.sql`
 * file that does not follow the naming rule, two migrations with the same number, a down file
 * without its up file, an up file without a header. Other files (README.md) are ignored.
 */
export function planMigrationSet(dir: string, files: FolderContents): MigrationSet {
  const ups = new Map<string, { name: MigrationFileName; bytes: Buffer; fileName: string }>();
  const downs = new Map<string, { bytes: Buffer; fileName: string }>();
  for (const [fileName, bytes] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    if (!fileName.endsWith('.sql')) continue;
    const name = parseMigrationFileName(fileName);
    if (!name) {
      throw new MigrationFailedError(
        `${join(dir, fileName)} is not a migration file name: expected NNN_name.up.sql or NNN_name.down.sql ` +
          `(digits, an underscore, then letters, digits, _ or -), e.g. 003_orders_add_note.up.sql`,
      );
    }
    if (name.direction === 'up') ups.set(name.id, { name, bytes, fileName });
    else downs.set(name.id, { bytes, fileName });
  }
  for (const [id, down] of downs) {
    if (!ups.has(id)) {
      throw new MigrationFailedError(
        `${join(dir, down.fileName)} has no up file: add ${id}.up.sql or remove the down file`,
      );
    }
  }

  const byNumber = new Map<number, string>();
  const warnings: string[] = [];
  const migrations = [...ups.values()]
    .sort((a, b) => a.name.number - b.name.number)
    .map(({ name, bytes, fileName }): MigrationFile => {
      const clash = byNumber.get(name.number);
      if (clash) {
        throw new MigrationFailedError(
          `${fileName} and ${clash} share the number ${name.number} in ${dir}: ` +
            'every migration needs its own number, so renumber the newer one',
        );
      }
      byNumber.set(name.number, fileName);
      const upSql = bytes.toString('utf8');
      const down = downs.get(name.id);
      if (!down) warnings.push(`${fileName} has no down script (${name.id}.down.sql): it cannot be reverted`);
      return {
        id: name.id,
        number: name.number,
        upPath: join(dir, fileName),
        upSql,
        checksum: sha256(bytes),
        blueCompatible: parseHeader(join(dir, fileName), upSql),
        ...(down ? { downPath: join(dir, down.fileName), downSql: down.bytes.toString('utf8') } : {}),
      };
    });
  return { dir, migrations, warnings };
}

/**
 * Reads and validates a migration folder.
 * @throws MigrationFailedError when the folder is missing or any file breaks the rules
 */
export async function loadMigrationFolder(dir: string): Promise<MigrationSet> {
  const isDirectory = await stat(dir).then(
    (info) => info.isDirectory(),
    () => false,
  );
  if (!isDirectory) {
    throw new MigrationFailedError(
      `migration folder ${dir} does not exist or is not a folder: check the migrations location`,
    );
  }
  const entries = await readdir(dir, { withFileTypes: true });
  const files = new Map<string, Buffer>();
  for (const entry of entries) {
    if (entry.isFile() && entry.name.endsWith('.sql')) {
      files.set(entry.name, await readFile(join(dir, entry.name)));
    }
  }
  return planMigrationSet(dir, files);
}

/** sha256 of some bytes, hex. */
export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

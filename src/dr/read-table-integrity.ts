/**
 * Row counts and checksums of a database's tables, read in ONE transaction at REPEATABLE READ,
 * READ ONLY: every table is seen as of the same instant, so the figures belong together (at
 * READ COMMITTED each table would be read at a different moment of a live database). Used on
 * the live database just before a snapshot (the recording) and on a restored copy (the drill).
 */
import type { SqlDatabase } from '../db/engine/sql-database.ts';
import { currentSchema, describeTables, tableChecksums } from '../db/engine/table-checksums.ts';
import { IntegrityUnavailableError } from './dr-errors.ts';
import type { TableIntegrity } from './dr-ports.ts';

export interface ReadTableIntegrityOptions {
  /** The tables to read; null means every table of the default schema. Absent tables are left out. */
  readonly tables: readonly string[] | null;
  /**
   * Gives up once the reading has taken this long. The checksum reads every row, and a live
   * database can be big; the caller decides how long it can wait.
   * @default - no bound beyond the connection's statement timeout
   */
  readonly budgetMs?: number;
  /** Milliseconds from an arbitrary origin. @default performance.now */
  readonly now?: () => number;
}

/**
 * Reads the figures of `tables` (ordered by name). `db` must be a database, not a transaction
 * handle: the isolation level can only be set by the transaction's first statement.
 */
export function readTableIntegrity(
  db: SqlDatabase,
  options: ReadTableIntegrityOptions,
): Promise<TableIntegrity[]> {
  const now = options.now ?? (() => performance.now());
  const startedAt = now();
  return db.transaction(async (tx) => {
    await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const schema = await currentSchema(tx);
    const shapes = (await describeTables(tx, schema)).filter(
      (shape) => options.tables === null || options.tables.includes(shape.name),
    );
    const figures: TableIntegrity[] = [];
    for (const shape of shapes) {
      if (options.budgetMs !== undefined) {
        const remainingMs = Math.ceil(options.budgetMs - (now() - startedAt));
        if (remainingMs <= 0) {
          throw new IntegrityUnavailableError(
            `reading the row counts and checksums took over ${options.budgetMs} ms (${figures.length} of ${shapes.length} tables read, stopped before ${shape.name}); the tables are too big to checksum in that time`,
          );
        }
        // The one slow statement (a table's checksum) must end within the budget as well.
        await tx.exec(`SET LOCAL statement_timeout = ${remainingMs}`);
      }
      for (const { name, rowCount, checksum } of await tableChecksums(tx, schema, [shape])) {
        figures.push({ table: name, rowCount, checksum });
      }
    }
    return figures;
  });
}

/**
 * The one database interface of the local world: the app servers, the snapshot store and the
 * migration runner all talk to PostgreSQL through it, whether the engine is PGlite (real
 * Postgres compiled to WASM, in process) or a real server reached with `pg`.
 */
import { openPglite } from './pglite-database.ts';
import { openPostgres } from './postgres-database.ts';

/** A result set. Column names are the keys of `T`; int8/bigint columns come back as JS numbers. */
export interface SqlResult<T> {
  readonly rows: T[];
}

/** A PostgreSQL connection (pool) or transaction handle. */
export interface SqlDatabase {
  /** Which engine runs the SQL. */
  readonly kind: 'pglite' | 'postgres';
  /** One statement with `$1`-style parameters (extended protocol). */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<SqlResult<T>>;
  /** One or more `;`-separated statements without parameters (simple protocol). */
  exec(sql: string): Promise<void>;
  /**
   * Runs `fn` in a transaction: COMMIT when it resolves, ROLLBACK when it throws (the error is
   * rethrown). Use the `tx` handle inside `fn`; on a transaction handle this opens a SAVEPOINT.
   */
  transaction<T>(fn: (tx: SqlDatabase) => Promise<T>): Promise<T>;
  /** Releases the engine or pool. Throws on a transaction handle. */
  close(): Promise<void>;
  /**
   * The engine with `schema` as its search_path, where the engine has a cheaper way than a
   * transaction per statement (see scopeToSchema).
   */
  inSchema?(schema: string): SqlDatabase;
}

/** Where the local world's database lives. */
export interface OpenDatabaseOptions {
  /**
   * A `postgres://` URL of a real server, typically `process.env.DATABASE_URL`.
   * @default - a PGlite engine
   */
  readonly url?: string;
  /** Where PGlite keeps its data files (ignored with `url`). @default - in memory */
  readonly dataDir?: string;
}

/** Opens a real server when `url` is given, otherwise a PGlite engine, in memory or on disk. */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<SqlDatabase> {
  if (options.url) return openPostgres(options.url);
  return openPglite(options.dataDir ? { dataDir: options.dataDir } : {});
}

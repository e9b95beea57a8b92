/**
 * The PGlite adapter: real PostgreSQL in WASM, in this process.
 *
 * PGlite is ONE backend session. Two transactions interleaved on it would silently become one,
 * so every call goes through a FIFO mutex; a transaction holds it until COMMIT/ROLLBACK. A call
 * on the outer database from inside its own transaction callback would wait for itself
 * forever, so it throws instead and says to use `tx`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { readdir } from 'node:fs/promises';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { AsyncMutex } from './async-mutex.ts';
import { createFromTemplate, freshDataDirTemplate } from './pglite-template.ts';
import { closeOnTransactionError, withSavepoint } from './savepoint.ts';
import type { SqlDatabase, SqlResult } from './sql-database.ts';

/** Options for {@link openPglite}. */
export interface OpenPgliteOptions {
  /**
   * A directory to keep the data files in, so the data survives the process.
   * @default - in memory, gone on close
   */
  readonly dataDir?: string;
}

/** A PGlite-backed database. */
export interface PgliteDatabase extends SqlDatabase {
  readonly kind: 'pglite';
}

type Queryable = Pick<Transaction, 'query' | 'exec'>;

/** A handle on an already-locked engine or an open transaction. */
class PgliteHandle implements SqlDatabase {
  readonly kind = 'pglite' as const;

  constructor(
    private readonly target: Queryable,
    private readonly depth: number,
  ) {}

  async query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<SqlResult<T>> {
    const result = await this.target.query<T>(sql, params);
    return { rows: result.rows };
  }

  async exec(sql: string): Promise<void> {
    await this.target.exec(sql);
  }

  transaction<T>(fn: (tx: SqlDatabase) => Promise<T>): Promise<T> {
    return withSavepoint(new PgliteHandle(this.target, this.depth + 1), this.depth, fn);
  }

  close(): Promise<void> {
    return Promise.reject(closeOnTransactionError());
  }
}

class PgliteEngine implements PgliteDatabase {
  readonly kind = 'pglite' as const;
  readonly #mutex = new AsyncMutex();
  readonly #insideLock = new AsyncLocalStorage<true>();
  /** The session's search_path: null for the default. One session, so one setting at a time. */
  #searchPath: string | null = null;

  constructor(private readonly engine: PGlite) {}

  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<SqlResult<T>> {
    return this.#inSession(null, () => new PgliteHandle(this.engine, 0).query<T>(sql, params));
  }

  exec(sql: string): Promise<void> {
    return this.#inSession(null, () => new PgliteHandle(this.engine, 0).exec(sql));
  }

  transaction<T>(fn: (tx: SqlDatabase) => Promise<T>): Promise<T> {
    return this.#inSession(null, () => this.engine.transaction((tx) => fn(new PgliteHandle(tx, 1))));
  }

  /**
   * The engine with `schema` as search_path. The session's setting changes only when another
   * schema's turn comes, so a service's statements cost one call each, not a transaction each.
   */
  inSchema(schema: string): SqlDatabase {
    return {
      kind: 'pglite',
      query: <T = Record<string, unknown>>(sql: string, params?: unknown[]) =>
        this.#inSession(schema, () => new PgliteHandle(this.engine, 0).query<T>(sql, params)),
      exec: (sql) => this.#inSession(schema, () => new PgliteHandle(this.engine, 0).exec(sql)),
      transaction: (fn) =>
        this.#inSession(schema, () => this.engine.transaction((tx) => fn(new PgliteHandle(tx, 1)))),
      close: () => Promise.reject(new Error('close the engine, not one of its schemas')),
    };
  }

  #inSession<T>(schema: string | null, fn: () => Promise<T>): Promise<T> {
    return this.#exclusive(async () => {
      if (this.#searchPath !== schema) {
        await this.engine.exec(
          schema === null ? 'RESET search_path' : `SET search_path TO "${schema.replaceAll('"', '""')}"`,
        );
        this.#searchPath = schema;
      }
      return fn();
    });
  }

  close(): Promise<void> {
    return this.#exclusive(async () => {
      if (!this.engine.closed) await this.engine.close();
    });
  }

  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#insideLock.getStore()) {
      return Promise.reject(
        new Error(
          'PGlite deadlock avoided: the database was called from inside its own transaction; use the `tx` handle passed to the callback',
        ),
      );
    }
    return this.#mutex.runExclusive(() => this.#insideLock.run(true, fn));
  }
}

/** Starts an in-process PGlite engine (about 0.4 s; 2–3 s the first time on a machine). */
export async function openPglite(options: OpenPgliteOptions = {}): Promise<PgliteDatabase> {
  if (options.dataDir) {
    // A new directory starts from the initialised template (0.4 s) rather than initdb (2–3 s).
    const fresh = await isEmptyDirectory(options.dataDir);
    return new PgliteEngine(
      await PGlite.create({
        dataDir: options.dataDir,
        ...(fresh ? { loadDataDir: await freshDataDirTemplate() } : {}),
      }),
    );
  }
  return new PgliteEngine(await createFromTemplate());
}

/** True when `dir` does not exist or holds nothing (a data directory PGlite has not initialised). */
async function isEmptyDirectory(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch {
    return true;
  }
}

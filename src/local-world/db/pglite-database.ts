/**
 * The PGlite adapter: real PostgreSQL in WASM, in this process.
 *
 * PGlite is ONE backend session. Two transactions interleaved on it would silently become one,
 * so every call goes through a FIFO mutex; a transaction holds it until COMMIT/ROLLBACK. A call
 * on the outer database from inside its own transaction callback would wait for itself
 * forever, so it throws instead and says to use `tx`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { rm } from 'node:fs/promises';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { AsyncMutex } from './async-mutex.ts';
import { closeOnTransactionError, withSavepoint } from './savepoint.ts';
import type { SqlDatabase, SqlResult } from './sql-database.ts';

/** Options for {@link openPglite}. */
export interface OpenPgliteOptions {
  /**
   * A directory to keep the data files in.
   * @default - in memory, gone on close
   */
  readonly dataDir?: string;
  /** A tarball made by `dumpDataDir()` to start from (a snapshot restore). */
  readonly loadDataDir?: Blob;
}

/** A PGlite-backed database, with the data-directory operations snapshots need. */
export interface PgliteDatabase extends SqlDatabase {
  readonly kind: 'pglite';
  /**
   * Holds the lock, runs `inspect` (e.g. checksums) and dumps the data directory, so that what
   * `inspect` saw is exactly what the tarball holds.
   */
  dumpWith<T>(
    inspect: (db: SqlDatabase) => Promise<T>,
    compression?: 'gzip' | 'none',
  ): Promise<{ tarball: Blob; inspected: T }>;
  /** Swaps the engine for one loaded from `tarball`; callers keep using this same object. */
  replaceDataDir(tarball: Blob): Promise<void>;
}

/** True when `db` is a PGlite adapter from {@link openPglite}. */
export function isPglite(db: SqlDatabase): db is PgliteDatabase {
  return db.kind === 'pglite' && 'replaceDataDir' in db;
}

type Queryable = Pick<Transaction, 'query' | 'exec'>;

/** A handle on an already-locked engine or an open transaction. */
class PgliteHandle implements SqlDatabase {
  readonly kind = 'pglite' as const;

  constructor(
    private readonly target: Queryable,
    private readonly depth: number,
    private readonly engine?: PGlite,
  ) {}

  async query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<SqlResult<T>> {
    const result = await this.target.query<T>(sql, params);
    return { rows: result.rows };
  }

  async exec(sql: string): Promise<void> {
    await this.target.exec(sql);
  }

  transaction<T>(fn: (tx: SqlDatabase) => Promise<T>): Promise<T> {
    if (this.engine) return this.engine.transaction((tx) => fn(new PgliteHandle(tx, 1)));
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

  constructor(
    private engine: PGlite,
    private readonly dataDir: string | undefined,
  ) {}

  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<SqlResult<T>> {
    return this.#exclusive(() => new PgliteHandle(this.engine, 0).query<T>(sql, params));
  }

  exec(sql: string): Promise<void> {
    return this.#exclusive(() => new PgliteHandle(this.engine, 0).exec(sql));
  }

  transaction<T>(fn: (tx: SqlDatabase) => Promise<T>): Promise<T> {
    return this.#exclusive(() => this.engine.transaction((tx) => fn(new PgliteHandle(tx, 1))));
  }

  dumpWith<T>(
    inspect: (db: SqlDatabase) => Promise<T>,
    compression: 'gzip' | 'none' = 'gzip',
  ): Promise<{ tarball: Blob; inspected: T }> {
    return this.#exclusive(async () => {
      const inspected = await inspect(new PgliteHandle(this.engine, 0, this.engine));
      const tarball = await this.engine.dumpDataDir(compression);
      return { tarball, inspected };
    });
  }

  replaceDataDir(tarball: Blob): Promise<void> {
    return this.#exclusive(async () => {
      if (this.dataDir) {
        // A data directory on disk must be empty before PGlite will load a tarball into it.
        await this.engine.close();
        await rm(this.dataDir, { recursive: true, force: true });
        this.engine = await PGlite.create({ dataDir: this.dataDir, loadDataDir: tarball });
        return;
      }
      const next = await PGlite.create({ loadDataDir: tarball });
      await this.engine.close();
      this.engine = next;
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

/** Starts an in-process PGlite engine (about 1–4 s on first use in a process: WASM compile). */
export async function openPglite(options: OpenPgliteOptions = {}): Promise<PgliteDatabase> {
  const engine = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  return new PgliteEngine(engine, options.dataDir);
}

/**
 * The real-server adapter: a small `pg` Pool with a statement timeout.
 *
 * int8 (bigint, `count(*)`, bigserial ids) is parsed to a JS number so that both adapters
 * return the same row shapes; local-world ids stay far below 2^53.
 */
import pg from 'pg';
import { closeOnTransactionError, withSavepoint } from './savepoint.ts';
import type { SqlDatabase, SqlResult } from './sql-database.ts';

const INT8_OID = 20;

/** Options for {@link openPostgres}. */
export interface OpenPostgresOptions {
  /**
   * Pool size. The local world has a handful of concurrent users, and a shared test server has
   * a connection limit.
   * @default 4
   */
  readonly maxConnections?: number;
  /**
   * `statement_timeout` for every session, so a stuck query fails instead of hanging a step.
   * @default 10000
   */
  readonly statementTimeoutMs?: number;
  /**
   * `search_path` for every session, e.g. a restored snapshot copy's schema.
   * @default - the server's default (`"$user", public`)
   */
  readonly searchPath?: string;
}

/** A real-server database. */
export interface PostgresDatabase extends SqlDatabase {
  readonly kind: 'postgres';
  /** The URL it was opened with (snapshot copies open a second pool on it). */
  readonly url: string;
}

type PgQueryable = Pick<pg.PoolClient, 'query'>;

class PgHandle implements SqlDatabase {
  readonly kind = 'postgres' as const;

  constructor(
    private readonly client: PgQueryable,
    private readonly depth: number,
  ) {}

  async query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<SqlResult<T>> {
    const result = await this.client.query(sql, params);
    return { rows: result.rows as T[] };
  }

  async exec(sql: string): Promise<void> {
    await this.client.query(sql);
  }

  transaction<T>(fn: (tx: SqlDatabase) => Promise<T>): Promise<T> {
    return withSavepoint(new PgHandle(this.client, this.depth + 1), this.depth, fn);
  }

  close(): Promise<void> {
    return Promise.reject(closeOnTransactionError());
  }
}

class PgPoolDatabase implements PostgresDatabase {
  readonly kind = 'postgres' as const;

  constructor(
    private readonly pool: pg.Pool,
    readonly url: string,
  ) {}

  async query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<SqlResult<T>> {
    const result = await this.pool.query(sql, params);
    return { rows: result.rows as T[] };
  }

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }

  async transaction<T>(fn: (tx: SqlDatabase) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    // A checked-out client whose connection drops emits 'error' on itself, not on the pool:
    // without a listener that event kills the process. The query in flight fails on its own;
    // this only marks the session as not fit to go back into the pool.
    const onError = (error: Error) => {
      broken = error;
    };
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const result = await fn(new PgHandle(client, 1));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      // A failed ROLLBACK means the session is unusable: destroy it rather than pool it.
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError;
      });
      throw error;
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

/** Opens a pool on a real PostgreSQL server, e.g. `postgres://postgres@127.0.0.1:5432/test`. */
export async function openPostgres(
  url: string,
  options: OpenPostgresOptions = {},
): Promise<PostgresDatabase> {
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new Error(`DATABASE_URL must be a postgres:// URL, got "${redact(url)}"`);
  }
  const sessionOptions = [`-c statement_timeout=${options.statementTimeoutMs ?? 10_000}`];
  if (options.searchPath) sessionOptions.push(`-c search_path=${options.searchPath}`);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 4,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 10_000,
    application_name: 'greenlight-local-world',
    options: sessionOptions.join(' '),
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as never,
    },
  });
  // An idle client losing its server connection is reported here; without a listener it
  // would crash the process. The next query gets a fresh connection.
  pool.on('error', () => {});
  try {
    await pool.query('select 1');
  } catch (error) {
    await pool.end();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot reach PostgreSQL at ${redact(url)}: ${reason}; check DATABASE_URL`, {
      cause: error,
    });
  }
  return new PgPoolDatabase(pool, url);
}

/** Hides the password of a URL before it goes into a message. */
function redact(url: string): string {
  return url.replace(/:[^:@/]*@/, ':***@');
}

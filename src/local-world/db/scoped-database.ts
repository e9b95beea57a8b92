import type { SqlDatabase, SqlResult } from '../../db/engine/sql-database.ts';
import { quoteIdent } from '../../db/engine/table-checksums.ts';

/** A database whose unqualified names resolve in one schema of a shared engine. */
export interface ScopedDatabase extends SqlDatabase {
  /** The schema every statement runs in. */
  readonly schema: string;
  /** The engine it shares with the other scopes (the world closes it, never a scope). */
  readonly engine: SqlDatabase;
}

/** Schema names the local world makes: lowercase, digits and `_`, within PostgreSQL's 63 bytes. */
const schemaPattern = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * One schema of `engine` as a database of its own: every statement runs in a transaction that
 * first sets `search_path` to `schema` (SET LOCAL, so it ends with the transaction), or in the
 * engine's own cheaper way when it has one (`inSchema`: PGlite's single session). That is how
 * many services share one engine, PGlite's single session included, without seeing each
 * other's tables, and how a snapshot copy is opened beside the live data.
 */
export function scopeToSchema(
  engine: SqlDatabase,
  schema: string,
  options: { onClose?: () => Promise<void> } = {},
): ScopedDatabase {
  if (!schemaPattern.test(schema)) {
    throw new Error(
      `schema name ${JSON.stringify(schema)} must be 1-63 of a-z, 0-9 and _, not starting with a digit`,
    );
  }
  const native = engine.inSchema?.(schema);
  let closed = false;
  const open = (): void => {
    if (closed) throw new Error(`the database of schema ${schema} was closed`);
  };
  const inScope = <T>(fn: (tx: SqlDatabase) => Promise<T>): Promise<T> =>
    engine.transaction(async (tx) => {
      await tx.exec(`SET LOCAL search_path TO ${quoteIdent(schema)}`);
      return fn(tx);
    });
  return {
    kind: engine.kind,
    schema,
    engine,
    query: async <T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<SqlResult<T>> => {
      open();
      return native ? native.query<T>(sql, params) : inScope((tx) => tx.query<T>(sql, params));
    },
    exec: async (sql) => {
      open();
      return native ? native.exec(sql) : inScope((tx) => tx.exec(sql));
    },
    transaction: async (fn) => {
      open();
      return native ? native.transaction(fn) : inScope(fn);
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await options.onClose?.();
    },
  };
}

/** Creates `schema` when it does not exist yet. */
export async function ensureSchema(engine: SqlDatabase, schema: string): Promise<void> {
  await engine.exec(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
}

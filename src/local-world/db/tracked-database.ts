import type { SqlDatabase } from '../../db/engine/sql-database.ts';
import type { WorldClock } from '../clock/world-clock.ts';

/**
 * The world's database, with every statement tracked as work: on a virtual clock no world time
 * passes while SQL runs, however long the engine takes (a PGlite snapshot, a slow server, a
 * busy machine). SQL is work, not waiting.
 */
export function trackedDatabase(db: SqlDatabase, clock: Pick<WorldClock, 'track'>): SqlDatabase {
  const inSchema = db.inSchema?.bind(db);
  return {
    kind: db.kind,
    query: (sql, params) => clock.track('sql', () => db.query(sql, params)),
    exec: (sql) => clock.track('sql', () => db.exec(sql)),
    transaction: (fn) => clock.track('sql transaction', () => db.transaction(fn)),
    close: () => db.close(),
    ...(inSchema ? { inSchema: (schema: string) => trackedDatabase(inSchema(schema), clock) } : {}),
  };
}

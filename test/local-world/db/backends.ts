/**
 * The database backends the db tests run against: PGlite always, plus the real server named
 * by DATABASE_URL when it is set. Each postgres test run gets its own schema (search_path), so
 * runs on a shared server do not see each other's rows.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPglite } from '../../../src/db/engine/pglite-database.ts';
import { openPostgres } from '../../../src/db/engine/postgres-database.ts';
import type { SqlDatabase } from '../../../src/db/engine/sql-database.ts';

export interface Backend {
  readonly name: 'pglite' | 'postgres';
  /** Opens a fresh, empty database; `dispose` removes whatever it left behind. */
  open(): Promise<{ db: SqlDatabase; dispose(): Promise<void> }>;
}

const pgliteBackend: Backend = {
  name: 'pglite',
  async open() {
    const db = await openPglite();
    return { db, dispose: () => db.close() };
  },
};

function postgresBackend(url: string): Backend {
  return {
    name: 'postgres',
    async open() {
      const schema = `gl_test_${randomBytes(5).toString('hex')}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`CREATE SCHEMA ${schema}`);
      const db = await openPostgres(url, { searchPath: schema });
      return {
        db,
        async dispose() {
          await db.close();
          await admin.query(`DROP SCHEMA ${schema} CASCADE`);
          await admin.end();
        },
      };
    },
  };
}

/** PGlite, plus postgres when DATABASE_URL is set. */
export const backends: readonly Backend[] = [
  pgliteBackend,
  ...(process.env.DATABASE_URL ? [postgresBackend(process.env.DATABASE_URL)] : []),
];

/**
 * The databases the migrator tests run on: PGlite always, plus the real server named by
 * DATABASE_URL when it is set. Every test gets a fresh schema (`search_path`), so tests on a
 * shared server never see each other's tables, and everything is dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { openPglite, type PgliteDatabase } from '../../src/db/engine/pglite-database.ts';
import { openPostgres } from '../../src/db/engine/postgres-database.ts';
import type { SqlDatabase } from '../../src/db/engine/sql-database.ts';

/** A fresh, empty schema on one backend. */
export interface Sandbox {
  readonly db: SqlDatabase;
  /**
   * Another connection to the same schema, for concurrency tests: a second pool on the real
   * server; on PGlite (one session) the same engine.
   */
  another(): Promise<SqlDatabase>;
  dispose(): Promise<void>;
}

export interface Backend {
  readonly name: 'pglite' | 'postgres';
  /** Called once per file (a PGlite start costs seconds). */
  start(): Promise<void>;
  sandbox(): Promise<Sandbox>;
  stop(): Promise<void>;
}

const schemaName = () => `gl_mig_${randomBytes(5).toString('hex')}`;

function pgliteBackend(): Backend {
  let engine: PgliteDatabase | undefined;
  return {
    name: 'pglite',
    async start() {
      engine = await openPglite();
    },
    async sandbox() {
      const db = engine!;
      const schema = schemaName();
      // PGlite is one session: SET applies to every later call until the next sandbox.
      await db.exec(`CREATE SCHEMA ${schema}; SET search_path TO ${schema}`);
      return {
        db,
        another: async () => db,
        dispose: () => db.exec(`DROP SCHEMA ${schema} CASCADE; SET search_path TO public`),
      };
    },
    async stop() {
      await engine?.close();
    },
  };
}

function postgresBackend(url: string): Backend {
  return {
    name: 'postgres',
    async start() {},
    async sandbox() {
      const schema = schemaName();
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`CREATE SCHEMA ${schema}`);
      const pools: SqlDatabase[] = [];
      const openPool = async () => {
        const pool = await openPostgres(url, { searchPath: schema, maxConnections: 2 });
        pools.push(pool);
        return pool;
      };
      const db = await openPool();
      return {
        db,
        another: openPool,
        async dispose() {
          for (const pool of pools) await pool.close();
          await admin.query(`DROP SCHEMA ${schema} CASCADE`);
          await admin.end();
        },
      };
    },
    async stop() {},
  };
}

/** PGlite, plus postgres when DATABASE_URL is set. */
export function backends(): Backend[] {
  const url = process.env.DATABASE_URL;
  return [pgliteBackend(), ...(url ? [postgresBackend(url)] : [])];
}

/** A temporary migration folder; `files` maps file names to contents. */
export async function migrationDir(files: Readonly<Record<string, string>>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gl-migrations-'));
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  return dir;
}

/** Removes folders made by {@link migrationDir}. */
export async function removeDirs(dirs: string[]): Promise<void> {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
}

/** The expand header, for test files. */
export const EXPAND = '-- greenlight: blue-compatible\n';
/** The contract header, for test files. */
export const CONTRACT = '-- greenlight: breaks-blue\n';

/**
 * `db` behind a `close()` that only counts: for code under test that closes the database it
 * was given, while the sandbox still owns it.
 */
export function unclosable(db: SqlDatabase): SqlDatabase & { readonly closed: number } {
  let closed = 0;
  return {
    kind: db.kind,
    query: (sql, params) => db.query(sql, params),
    exec: (sql) => db.exec(sql),
    transaction: (fn) => db.transaction(fn),
    close: async () => {
      closed += 1;
    },
    get closed() {
      return closed;
    },
  };
}

/** What a suite sees: the current test's sandbox, and a way to make migration folders. */
export interface SuiteContext {
  readonly sandbox: Sandbox;
  /** A temporary migration folder, removed after the test. */
  folder(files: Readonly<Record<string, string>>): Promise<string>;
}

/**
 * Starts `backend` for the enclosing describe, and gives every test a fresh sandbox and
 * cleans it (and its folders) up afterwards.
 */
export function useSandboxes(backend: Backend): SuiteContext {
  let current: Sandbox | undefined;
  const dirs: string[] = [];
  beforeAll(() => backend.start());
  afterAll(() => backend.stop());
  beforeEach(async () => {
    current = await backend.sandbox();
  });
  afterEach(async () => {
    await current?.dispose();
    current = undefined;
    await removeDirs(dirs);
  });
  return {
    get sandbox() {
      if (!current) throw new Error('no sandbox outside a test');
      return current;
    },
    async folder(files) {
      const dir = await migrationDir(files);
      dirs.push(dir);
      return dir;
    },
  };
}

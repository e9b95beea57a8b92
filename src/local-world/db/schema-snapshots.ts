/**
 * Database snapshots as schema copies in the same engine, on PGlite and on a real server alike.
 *
 * Why not `CREATE DATABASE snap TEMPLATE app`: Postgres refuses it while any session is
 * connected to `app`, and the app servers always are. Why not pg_dump or a data-directory dump:
 * they take the whole engine, which holds every service of the world. A schema copy instead:
 * - copies one service's schema, inside one REPEATABLE READ transaction, so every table is
 *   copied as of the same instant, with connections open;
 * - copies server-side (`INSERT … SELECT`), needs no CREATEDB privilege;
 * - restores in one transaction (TRUNCATE + INSERT + checksum check), so readers never see
 *   a half-restored database and a failed check rolls the restore back.
 * The catalog (`gl_snapshots.snapshots`) keys each snapshot by its source schema and id, so
 * worlds and services sharing an engine never see each other's.
 * Limits: it shares the engine's fate (a local stand-in for RDS snapshots, not a backup), and
 * restores rows (not DDL) of the tables it holds, by column name, so expand-only migrations made
 * since stay in place; tables linked by foreign keys must be restorable in name order.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { SqlDatabase } from '../../db/engine/sql-database.ts';
import {
  compareChecksums,
  currentSchema,
  describeTables,
  quoteIdent,
  type TableChecksum,
  type TableShape,
  tableChecksums,
} from '../../db/engine/table-checksums.ts';
import { ResourceNotFoundError } from '../../errors.ts';
import { type ScopedDatabase, scopeToSchema } from './scoped-database.ts';

const CATALOG = 'gl_snapshots.snapshots';

/** A snapshot as the catalog stores it. */
export interface SchemaSnapshot {
  readonly id: string;
  readonly createdAtMs: number;
  readonly schemaName: string;
  readonly sourceSchema: string;
  readonly tables: readonly TableChecksum[];
  readonly sequences: readonly { name: string; lastValue: number; isCalled: boolean }[];
}

/** The schema a snapshot of `sourceSchema` named `id` is stored in: readable, unique, within 63 bytes. */
export function snapshotSchemaName(sourceSchema: string, id: string): string {
  const slug = id
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .slice(0, 24);
  const hash = createHash('md5').update(`${sourceSchema}\u0000${id}`).digest('hex').slice(0, 10);
  return `gl_snap_${slug}_${hash}`;
}

/** The engine under a scoped database, or the database itself. */
const engineOf = (db: SqlDatabase): SqlDatabase => (db as Partial<ScopedDatabase>).engine ?? db;

async function ensureCatalog(db: SqlDatabase): Promise<void> {
  await engineOf(db).exec(`CREATE SCHEMA IF NOT EXISTS gl_snapshots;
    CREATE TABLE IF NOT EXISTS ${CATALOG} (
      source_schema text NOT NULL, id text NOT NULL, snapshot jsonb NOT NULL, PRIMARY KEY (source_schema, id))`);
}

/** Copies every table of the current schema into a new snapshot schema and records it. */
export async function createSchemaSnapshot(
  db: SqlDatabase,
  id: string,
  createdAtMs: number,
): Promise<SchemaSnapshot> {
  await ensureCatalog(db);
  return db.transaction(async (tx) => {
    await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    const sourceSchema = await currentSchema(tx);
    const schemaName = snapshotSchemaName(sourceSchema, id);
    const tables = await describeTables(tx, sourceSchema);
    await tx.exec(`CREATE SCHEMA ${quoteIdent(schemaName)}`);
    for (const table of tables) {
      const source = `${quoteIdent(sourceSchema)}.${quoteIdent(table.name)}`;
      const target = `${quoteIdent(schemaName)}.${quoteIdent(table.name)}`;
      // No defaults: they would point at the live schema's sequences.
      await tx.exec(`CREATE TABLE ${target} (LIKE ${source} INCLUDING ALL EXCLUDING DEFAULTS EXCLUDING IDENTITY EXCLUDING GENERATED);
        INSERT INTO ${target} SELECT * FROM ${source}`);
    }
    const snapshot: SchemaSnapshot = {
      id,
      createdAtMs,
      schemaName,
      sourceSchema,
      tables: await tableChecksums(tx, sourceSchema, tables),
      sequences: await readSequences(tx, sourceSchema),
    };
    await tx.query(`INSERT INTO ${CATALOG} (source_schema, id, snapshot) VALUES ($1, $2, $3)`, [
      sourceSchema,
      id,
      JSON.stringify(snapshot),
    ]);
    return snapshot;
  });
}

/** Every snapshot of `db`'s own schema, oldest first. */
export async function listSchemaSnapshots(db: SqlDatabase): Promise<SchemaSnapshot[]> {
  const { rows } = await db.query<{ exists: boolean }>(
    `SELECT to_regclass('${CATALOG}') IS NOT NULL AS exists`,
  );
  if (!rows[0]?.exists) return [];
  const result = await db.query<{ snapshot: SchemaSnapshot }>(
    `SELECT snapshot FROM ${CATALOG} WHERE source_schema = current_schema()`,
  );
  return result.rows.map((row) => row.snapshot).sort((a, b) => a.createdAtMs - b.createdAtMs);
}

/** The catalog entry of `id`, or a ResourceNotFoundError naming the ids that exist. */
export async function findSchemaSnapshot(db: SqlDatabase, id: string): Promise<SchemaSnapshot> {
  const all = await listSchemaSnapshots(db);
  const found = all.find((snapshot) => snapshot.id === id);
  if (found) return found;
  throw new ResourceNotFoundError(
    `snapshot "${id}" not found; existing: ${all.map((s) => s.id).join(', ') || 'none'}`,
  );
}

/**
 * Puts the rows of the snapshot back into the live tables, in place and in one transaction,
 * then checks them against the recorded checksums. Returns the mismatches found (the
 * transaction is rolled back when there are any).
 */
export async function restoreSchemaSnapshot(db: SqlDatabase, id: string): Promise<string[]> {
  const snapshot = await findSchemaSnapshot(db, id);
  const mismatches: string[] = [];
  await db
    .transaction(async (tx) => {
      const live = new Map((await describeTables(tx, snapshot.sourceSchema)).map((t) => [t.name, t]));
      const shapes: TableShape[] = snapshot.tables.map((table) => ({
        name: table.name,
        columns: table.columns,
        primaryKey: live.get(table.name)?.primaryKey ?? [],
      }));
      const qualified = (schema: string, table: string) => `${quoteIdent(schema)}.${quoteIdent(table)}`;
      await tx.exec(`TRUNCATE ${shapes.map((t) => qualified(snapshot.sourceSchema, t.name)).join(', ')}`);
      for (const table of shapes) {
        const columns = table.columns.map(quoteIdent).join(', ');
        await tx.exec(`INSERT INTO ${qualified(snapshot.sourceSchema, table.name)} (${columns}) OVERRIDING SYSTEM VALUE
          SELECT ${columns} FROM ${qualified(snapshot.schemaName, table.name)}`);
      }
      mismatches.push(
        ...compareChecksums(snapshot.tables, await tableChecksums(tx, snapshot.sourceSchema, shapes)),
      );
      if (mismatches.length > 0) throw new RestoreMismatch();
      // Last, because setval is not transactional: a rolled-back restore must not move them.
      for (const sequence of snapshot.sequences) {
        await tx.query('SELECT setval($1::regclass, $2, $3)', [
          qualified(snapshot.sourceSchema, sequence.name),
          sequence.lastValue,
          sequence.isCalled,
        ]);
      }
    })
    .catch((error: unknown) => {
      if (!(error instanceof RestoreMismatch)) throw error;
    });
  return mismatches;
}

/**
 * Restores the snapshot into a new scratch schema of the same engine and opens it as a
 * database of its own: an isolated copy for DR checks. Its tables have the snapshot's columns,
 * keys and indexes but no column defaults. Closing it drops the schema.
 */
export async function openSchemaSnapshotCopy(db: SqlDatabase, id: string): Promise<SqlDatabase> {
  const snapshot = await findSchemaSnapshot(db, id);
  const copySchema = `gl_restore_${randomBytes(6).toString('hex')}`;
  await db.transaction(async (tx) => {
    await tx.exec(`CREATE SCHEMA ${quoteIdent(copySchema)}`);
    for (const table of snapshot.tables) {
      const source = `${quoteIdent(snapshot.schemaName)}.${quoteIdent(table.name)}`;
      const target = `${quoteIdent(copySchema)}.${quoteIdent(table.name)}`;
      await tx.exec(
        `CREATE TABLE ${target} (LIKE ${source} INCLUDING ALL); INSERT INTO ${target} SELECT * FROM ${source}`,
      );
    }
  });
  const engine = engineOf(db);
  return scopeToSchema(engine, copySchema, {
    onClose: () => engine.exec(`DROP SCHEMA IF EXISTS ${quoteIdent(copySchema)} CASCADE`),
  });
}

/** Drops the snapshot's schema and its catalog entry. */
export async function dropSchemaSnapshot(db: SqlDatabase, id: string): Promise<void> {
  const snapshot = await findSchemaSnapshot(db, id);
  await db.transaction(async (tx) => {
    await tx.exec(`DROP SCHEMA IF EXISTS ${quoteIdent(snapshot.schemaName)} CASCADE`);
    await tx.query(`DELETE FROM ${CATALOG} WHERE source_schema = $1 AND id = $2`, [
      snapshot.sourceSchema,
      id,
    ]);
  });
}

async function readSequences(db: SqlDatabase, schema: string): Promise<SchemaSnapshot['sequences']> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'S' AND n.nspname = $1 ORDER BY c.relname`,
    [schema],
  );
  const sequences: { name: string; lastValue: number; isCalled: boolean }[] = [];
  for (const { name } of rows) {
    const { rows: state } = await db.query<{ last_value: number; is_called: boolean }>(
      `SELECT last_value, is_called FROM ${quoteIdent(schema)}.${quoteIdent(name)}`,
    );
    sequences.push({ name, lastValue: Number(state[0]!.last_value), isCalled: state[0]!.is_called });
  }
  return sequences;
}

/** Internal signal: abort the restore transaction because the checksums did not match. */
class RestoreMismatch extends Error {}

/** Drops every snapshot taken of `sourceSchema`, and their catalog entries (a world closing on a shared server). */
export async function dropSnapshotsOf(engine: SqlDatabase, sourceSchema: string): Promise<void> {
  const { rows } = await engine.query<{ exists: boolean }>(
    `SELECT to_regclass('${CATALOG}') IS NOT NULL AS exists`,
  );
  if (!rows[0]?.exists) return;
  const { rows: snapshots } = await engine.query<{ snapshot: SchemaSnapshot }>(
    `SELECT snapshot FROM ${CATALOG} WHERE source_schema = $1`,
    [sourceSchema],
  );
  for (const { snapshot } of snapshots) {
    await engine.exec(`DROP SCHEMA IF EXISTS ${quoteIdent(snapshot.schemaName)} CASCADE`);
  }
  await engine.query(`DELETE FROM ${CATALOG} WHERE source_schema = $1`, [sourceSchema]);
}

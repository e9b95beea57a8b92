/**
 * Database snapshots for the Backup step, the snapshot-restore rollback and DR drills.
 *
 * - PGlite: the whole data directory, dumped as a gzipped tarball (`dumpDataDir`) and kept in
 *   memory by the store. Restoring swaps the engine for a fresh one loaded from the tarball.
 * - A real server: schema copies inside the same database (see postgres-snapshots.ts for why).
 *
 * Every snapshot records a row count and checksum per table, and every restore is checked
 * against them: a restored database holds exactly the rows it had at snapshot time.
 */

import { BackupFailedError, InvalidRequestError, ResourceNotFoundError } from '../../errors.ts';
import type { Clock } from '../../ports/clock.ts';
import { systemClock } from '../../ports/clock.ts';
import { isPglite, openPglite } from './pglite-database.ts';
import type { PostgresDatabase } from './postgres-database.ts';
import {
  createSchemaSnapshot,
  dropSchemaSnapshot,
  findSchemaSnapshot,
  listSchemaSnapshots,
  openSchemaSnapshotCopy,
  restoreSchemaSnapshot,
} from './postgres-snapshots.ts';
import type { SqlDatabase } from './sql-database.ts';
import {
  compareChecksums,
  currentSchema,
  describeTables,
  type TableChecksum,
  tableChecksums,
} from './table-checksums.ts';

/** What a snapshot remembers, to check a restore against. */
export interface SnapshotRecord {
  readonly id: string;
  readonly createdAtMs: number;
  readonly tables: readonly TableChecksum[];
}

/** The result of comparing a database with a snapshot's record. */
export interface SnapshotVerification {
  readonly ok: boolean;
  /** One readable line per difference, e.g. `orders: 12 rows, expected 10`. */
  readonly mismatches: readonly string[];
}

/** Creates, restores and lists snapshots of local-world databases. */
export interface SnapshotStore {
  /** Takes a consistent snapshot of `db` named `id` (unique per store / server). */
  createSnapshot(db: SqlDatabase, id: string): Promise<SnapshotRecord>;
  /**
   * Puts `db` back to snapshot `id`, in place: writes made since are lost. Throws
   * BackupFailedError when the restored rows do not match the record.
   */
  restoreSnapshot(db: SqlDatabase, id: string): Promise<SnapshotRecord>;
  /** Restores `id` into a new, isolated database (for DR drills). Close it to clean up. */
  openSnapshotCopy(db: SqlDatabase, id: string): Promise<SqlDatabase>;
  /** Compares `target`'s tables (the live db or a copy) with snapshot `id`'s record. */
  verifySnapshot(db: SqlDatabase, id: string, target?: SqlDatabase): Promise<SnapshotVerification>;
  /** Snapshots oldest first: PGlite ones held by this store, or a server's catalog when `db` is given. */
  listSnapshots(db?: SqlDatabase): Promise<SnapshotRecord[]>;
  /** Forgets snapshot `id` and frees what it holds. */
  deleteSnapshot(db: SqlDatabase, id: string): Promise<void>;
}

/** Options for {@link createSnapshotStore}. */
export interface SnapshotStoreOptions {
  /**
   * Stamps `createdAtMs`; the local world passes its compressed clock.
   * @default systemClock
   */
  readonly clock?: Clock;
  /**
   * PGlite tarball compression: gzip is ~4.5 MB and ~0.6 s a snapshot, none ~40 MB and ~0.1 s.
   * @default 'gzip'
   */
  readonly compression?: 'gzip' | 'none';
}

interface PgliteSnapshot {
  readonly record: SnapshotRecord;
  readonly tarball: Blob;
}

/** A snapshot store; PGlite tarballs live in its memory, server snapshots in the server. */
export function createSnapshotStore(options: SnapshotStoreOptions = {}): SnapshotStore {
  const clock = options.clock ?? systemClock;
  const tarballs = new Map<string, PgliteSnapshot>();

  const pgliteSnapshot = (id: string): PgliteSnapshot => {
    const found = tarballs.get(id);
    if (found) return found;
    throw new ResourceNotFoundError(
      `snapshot "${id}" not found; existing: ${[...tarballs.keys()].join(', ') || 'none'}`,
    );
  };
  const recordOf = async (db: SqlDatabase, id: string): Promise<SnapshotRecord> =>
    isPglite(db) ? pgliteSnapshot(id).record : toRecord(await findSchemaSnapshot(db, id));

  const store: SnapshotStore = {
    async createSnapshot(db, id) {
      validateId(id);
      const createdAtMs = clock.nowMs();
      try {
        if (!isPglite(db)) return toRecord(await createSchemaSnapshot(db, id, createdAtMs));
        if (tarballs.has(id)) throw new Error('a snapshot with this id already exists; pick a new id');
        const { tarball, inspected } = await db.dumpWith(liveChecksums, options.compression);
        const record = { id, createdAtMs, tables: inspected };
        tarballs.set(id, { record, tarball });
        return record;
      } catch (error) {
        throw new BackupFailedError(`snapshot "${id}" failed: ${messageOf(error)}`, { cause: error });
      }
    },

    async restoreSnapshot(db, id) {
      if (!isPglite(db)) {
        const mismatches = await restoreSchemaSnapshot(db, id);
        failOnMismatch(id, mismatches);
        return recordOf(db, id);
      }
      const { record, tarball } = pgliteSnapshot(id);
      await db.replaceDataDir(tarball);
      failOnMismatch(id, compareChecksums(record.tables, await checksumsLike(db, record.tables)));
      return record;
    },

    async openSnapshotCopy(db, id) {
      if (!isPglite(db)) return openSchemaSnapshotCopy(db as PostgresDatabase, id);
      return openPglite({ loadDataDir: pgliteSnapshot(id).tarball });
    },

    async verifySnapshot(db, id, target = db) {
      const record = await recordOf(db, id);
      const mismatches = compareChecksums(record.tables, await checksumsLike(target, record.tables));
      return { ok: mismatches.length === 0, mismatches };
    },

    async listSnapshots(db) {
      if (db && !isPglite(db)) return (await listSchemaSnapshots(db)).map(toRecord);
      return [...tarballs.values()].map((s) => s.record).sort((a, b) => a.createdAtMs - b.createdAtMs);
    },

    async deleteSnapshot(db, id) {
      if (!isPglite(db)) return dropSchemaSnapshot(db, id);
      pgliteSnapshot(id);
      tarballs.delete(id);
    },
  };
  return store;
}

/** Checksums of every table in `db`'s current schema. */
async function liveChecksums(db: SqlDatabase): Promise<TableChecksum[]> {
  const schema = await currentSchema(db);
  return tableChecksums(db, schema, await describeTables(db, schema));
}

/**
 * Checksums of the recorded tables over the recorded columns, so a column added since (an
 * expand-only migration) does not count as a difference. Missing tables are left out.
 */
async function checksumsLike(db: SqlDatabase, recorded: readonly TableChecksum[]): Promise<TableChecksum[]> {
  const schema = await currentSchema(db);
  const live = new Map((await describeTables(db, schema)).map((table) => [table.name, table]));
  const shapes = recorded.flatMap((table) => {
    const found = live.get(table.name);
    return found ? [{ name: table.name, columns: table.columns, primaryKey: found.primaryKey }] : [];
  });
  return tableChecksums(db, schema, shapes);
}

function toRecord(snapshot: SnapshotRecord): SnapshotRecord {
  return { id: snapshot.id, createdAtMs: snapshot.createdAtMs, tables: snapshot.tables };
}

function validateId(id: string): void {
  if (typeof id !== 'string' || id.trim() === '' || id.length > 200) {
    throw new InvalidRequestError(
      `snapshot id must be a non-empty string of at most 200 characters, got ${JSON.stringify(id)}`,
    );
  }
}

function failOnMismatch(id: string, mismatches: readonly string[]): void {
  if (mismatches.length > 0) {
    throw new BackupFailedError(
      `restored snapshot "${id}" does not match its record: ${mismatches.join('; ')}`,
    );
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Database snapshots for the Backup step, the snapshot-restore rollback and DR drills: schema
 * copies in the same engine, on PGlite and on a real server alike (schema-snapshots.ts says
 * why). A snapshot is of one database (one service's schema) and is seen only from it.
 *
 * Every snapshot records a row count and checksum per table, and every restore is checked
 * against them: a restored database holds exactly the rows it had at snapshot time.
 */

import type { SqlDatabase } from '../../db/engine/sql-database.ts';
import {
  compareChecksums,
  currentSchema,
  describeTables,
  type TableChecksum,
  tableChecksums,
} from '../../db/engine/table-checksums.ts';
import { BackupFailedError, InvalidRequestError } from '../../errors.ts';
import type { Clock } from '../../ports/clock.ts';
import { systemClock } from '../../ports/clock.ts';
import {
  createSchemaSnapshot,
  dropSchemaSnapshot,
  findSchemaSnapshot,
  listSchemaSnapshots,
  openSchemaSnapshotCopy,
  restoreSchemaSnapshot,
} from './schema-snapshots.ts';

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
  /** Takes a consistent snapshot of `db` named `id` (unique per database). */
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
  /** The snapshots of `db`, oldest first. */
  listSnapshots(db: SqlDatabase): Promise<SnapshotRecord[]>;
  /** Forgets snapshot `id` of `db` and frees what it holds. */
  deleteSnapshot(db: SqlDatabase, id: string): Promise<void>;
}

/** Options for {@link createSnapshotStore}. */
export interface SnapshotStoreOptions {
  /**
   * Stamps `createdAtMs`; the local world passes its clock.
   * @default systemClock
   */
  readonly clock?: Clock;
}

/** A snapshot store over schema copies. */
export function createSnapshotStore(options: SnapshotStoreOptions = {}): SnapshotStore {
  const clock = options.clock ?? systemClock;
  return {
    async createSnapshot(db, id) {
      validateId(id);
      try {
        return toRecord(await createSchemaSnapshot(db, id, clock.nowMs()));
      } catch (error) {
        throw new BackupFailedError(`snapshot "${id}" failed: ${messageOf(error)}`, { cause: error });
      }
    },
    async restoreSnapshot(db, id) {
      failOnMismatch(id, await restoreSchemaSnapshot(db, id));
      return toRecord(await findSchemaSnapshot(db, id));
    },
    openSnapshotCopy: (db, id) => openSchemaSnapshotCopy(db, id),
    async verifySnapshot(db, id, target = db) {
      const record = await findSchemaSnapshot(db, id);
      const mismatches = compareChecksums(record.tables, await checksumsLike(target, record.tables));
      return { ok: mismatches.length === 0, mismatches };
    },
    listSnapshots: async (db) => (await listSchemaSnapshots(db)).map(toRecord),
    deleteSnapshot: (db, id) => dropSchemaSnapshot(db, id),
  };
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

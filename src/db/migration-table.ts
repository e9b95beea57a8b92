/**
 * The bookkeeping table: one row per applied migration, written in the same transaction as
 * the migration itself, so the table never claims a migration that did not commit.
 */
import { createHash } from 'node:crypto';
import type { SqlDatabase } from './engine/sql-database.ts';

/** The default bookkeeping table. */
export const DEFAULT_MIGRATION_TABLE = 'greenlight_migrations';

/** One row of the bookkeeping table. */
export interface MigrationRecord {
  readonly id: string;
  readonly checksum: string;
  readonly blueCompatible: boolean;
  readonly appliedAt: Date;
  /** The deployment that applied it; null when an operator applied it outside a deployment. */
  readonly appliedByDeployment: string | null;
}

interface MigrationRow {
  id: string;
  checksum: string;
  blue_compatible: boolean | null;
  applied_at: Date | string;
  applied_by_deployment: string | null;
}

/** SQL access to one bookkeeping table. */
export class MigrationTable {
  /** The advisory-lock key every migrator of this table takes: a stable hash of its name. */
  readonly lockKey: string;

  /**
   * @param name `table` or `schema.table`, lower-case identifiers only (it is spliced into SQL)
   * @throws Error naming the bad value
   */
  constructor(readonly name: string = DEFAULT_MIGRATION_TABLE) {
    if (!/^([a-z_][a-z0-9_]*\.)?[a-z_][a-z0-9_]*$/.test(name)) {
      throw new Error(
        `migration table name "${name}" is not allowed: use lower-case letters, digits and _ (optionally schema.table)`,
      );
    }
    this.lockKey = BigInt.asIntN(
      64,
      createHash('sha256').update(`greenlight-migrations:${name}`).digest().readBigUInt64BE(0),
    ).toString();
  }

  /**
   * Takes the table's transaction-scoped advisory lock: other migrators of the same table wait
   * until this transaction commits or rolls back. Call it first in a transaction.
   */
  async lock(tx: SqlDatabase): Promise<void> {
    await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [this.lockKey]);
  }

  /** Creates the table when missing, under the lock (two concurrent CREATE IF NOT EXISTS can collide). */
  async ensure(db: SqlDatabase): Promise<void> {
    await db.transaction(async (tx) => {
      await this.lock(tx);
      await tx.exec(`
        CREATE TABLE IF NOT EXISTS ${this.name} (
          id text PRIMARY KEY,
          checksum text NOT NULL,
          blue_compatible boolean,
          applied_at timestamptz NOT NULL DEFAULT now(),
          applied_by_deployment text
        )`);
    });
  }

  /** True when the table exists (status must not create it: it only reads). */
  async exists(db: SqlDatabase): Promise<boolean> {
    const { rows } = await db.query<{ found: string | null }>('SELECT to_regclass($1)::text AS found', [
      this.name,
    ]);
    return rows[0]?.found != null;
  }

  /** Every applied migration, in id order. */
  async all(db: SqlDatabase): Promise<MigrationRecord[]> {
    const { rows } = await db.query<MigrationRow>(
      `SELECT id, checksum, blue_compatible, applied_at, applied_by_deployment FROM ${this.name} ORDER BY id`,
    );
    return rows.map(toRecord);
  }

  /** One applied migration, or undefined. */
  async find(db: SqlDatabase, id: string): Promise<MigrationRecord | undefined> {
    const { rows } = await db.query<MigrationRow>(
      `SELECT id, checksum, blue_compatible, applied_at, applied_by_deployment FROM ${this.name} WHERE id = $1`,
      [id],
    );
    return rows[0] && toRecord(rows[0]);
  }

  /** Records a migration as applied (inside its transaction). */
  async insert(
    tx: SqlDatabase,
    row: { id: string; checksum: string; blueCompatible: boolean; deploymentId: string | null },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.name} (id, checksum, blue_compatible, applied_at, applied_by_deployment)
       VALUES ($1, $2, $3, now(), $4)`,
      [row.id, row.checksum, row.blueCompatible, row.deploymentId],
    );
  }

  /** Forgets a migration (inside the transaction that ran its down script). */
  async remove(tx: SqlDatabase, id: string): Promise<void> {
    await tx.query(`DELETE FROM ${this.name} WHERE id = $1`, [id]);
  }
}

function toRecord(row: MigrationRow): MigrationRecord {
  return {
    id: row.id,
    checksum: row.checksum,
    // Rows written by hand may leave it null: assume the worst.
    blueCompatible: row.blue_compatible === true,
    appliedAt: row.applied_at instanceof Date ? row.applied_at : new Date(row.applied_at),
    appliedByDeployment: row.applied_by_deployment,
  };
}

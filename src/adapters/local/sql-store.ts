import { decideLock } from '../../core/lock-rules.ts';
import type { SqlDatabase } from '../../db/engine/sql-database.ts';
import { quoteIdent } from '../../db/engine/table-checksums.ts';
import type {
  AuditEvent,
  CallbackKind,
  DeploymentRecord,
  LiveRelease,
  LockAttempt,
  LockRecord,
  LockRequest,
  SnapshotIntegrityRecord,
  Store,
} from '../../ports/store.ts';

/**
 * The Store port in the local world's PostgreSQL (PGlite or a real server), so the lock, the
 * deployment records and the audit trail outlive the process that wrote them, as they outlive a
 * Lambda in DynamoDB. The lock rules are the pure core's, applied inside a transaction that
 * holds an advisory lock on the key: two callers, in one process or two, never both acquire.
 * Records and events are JSON documents, as DynamoDB keeps them.
 */
export class SqlStore implements Store {
  private constructor(
    private readonly db: SqlDatabase,
    /** The schema the tables live in, quoted. */
    private readonly schema: string,
  ) {}

  /** Opens the store in `schema` of `db`, creating its tables when missing (safe on every start). */
  static async open(db: SqlDatabase, schema: string): Promise<SqlStore> {
    const q = quoteIdent(schema);
    await db.exec(`
      CREATE SCHEMA IF NOT EXISTS ${q};
      CREATE TABLE IF NOT EXISTS ${q}.locks (key text PRIMARY KEY, record jsonb NOT NULL);
      CREATE TABLE IF NOT EXISTS ${q}.live (key text PRIMARY KEY, release jsonb NOT NULL);
      CREATE TABLE IF NOT EXISTS ${q}.deployments (
        deployment_id text PRIMARY KEY,
        seq bigserial,
        service text NOT NULL,
        environment text NOT NULL,
        started_at_ms bigint NOT NULL,
        record jsonb NOT NULL
      );
      CREATE TABLE IF NOT EXISTS ${q}.audit (
        seq bigserial PRIMARY KEY,
        deployment_id text NOT NULL,
        event jsonb NOT NULL
      );
      CREATE INDEX IF NOT EXISTS audit_by_deployment ON ${q}.audit (deployment_id, seq);
      CREATE TABLE IF NOT EXISTS ${q}.callbacks (key text PRIMARY KEY, task_token text NOT NULL);
      CREATE TABLE IF NOT EXISTS ${q}.snapshot_integrity (snapshot_id text PRIMARY KEY, record jsonb NOT NULL);
    `);
    return new SqlStore(db, q);
  }

  async acquireLock(request: LockRequest): Promise<LockAttempt> {
    return this.db.transaction(async (tx) => {
      // Serialises every acquirer of this key until COMMIT, including one whose row does not exist yet.
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`greenlight-lock:${request.key}`]);
      const { rows } = await tx.query<{ record: LockRecord }>(
        `SELECT record FROM ${this.schema}.locks WHERE key = $1`,
        [request.key],
      );
      const existing = rows[0]?.record ?? null;
      const decision = decideLock(existing, request);
      if (decision.action === 'refuse' && existing) return { acquired: false, holder: existing };
      const record: LockRecord = {
        key: request.key,
        owner: request.owner,
        ...(request.executionId ? { executionId: request.executionId } : {}),
        acquiredAtMs: request.nowMs,
        renewedAtMs: request.nowMs,
      };
      await tx.query(
        `INSERT INTO ${this.schema}.locks (key, record) VALUES ($1, $2::jsonb)
         ON CONFLICT (key) DO UPDATE SET record = EXCLUDED.record`,
        [request.key, JSON.stringify(record)],
      );
      return decision.action === 'take-over-stale' && existing
        ? { acquired: true, tookOverFrom: existing }
        : { acquired: true };
    });
  }

  async renewLock(key: string, owner: string, nowMs: number): Promise<boolean> {
    const { rows } = await this.db.query(
      `UPDATE ${this.schema}.locks SET record = record || jsonb_build_object('renewedAtMs', $3::bigint)
       WHERE key = $1 AND record->>'owner' = $2 RETURNING key`,
      [key, owner, nowMs],
    );
    return rows.length === 1;
  }

  async releaseLock(key: string, owner: string): Promise<void> {
    await this.db.query(`DELETE FROM ${this.schema}.locks WHERE key = $1 AND record->>'owner' = $2`, [
      key,
      owner,
    ]);
  }

  async readLock(key: string): Promise<LockRecord | null> {
    const { rows } = await this.db.query<{ record: LockRecord }>(
      `SELECT record FROM ${this.schema}.locks WHERE key = $1`,
      [key],
    );
    return rows[0]?.record ?? null;
  }

  async getLive(service: string, environment: string): Promise<LiveRelease | null> {
    const { rows } = await this.db.query<{ release: LiveRelease }>(
      `SELECT release FROM ${this.schema}.live WHERE key = $1`,
      [`${service}#${environment}`],
    );
    return rows[0]?.release ?? null;
  }

  async setLive(service: string, environment: string, live: LiveRelease): Promise<void> {
    await this.db.query(
      `INSERT INTO ${this.schema}.live (key, release) VALUES ($1, $2::jsonb)
       ON CONFLICT (key) DO UPDATE SET release = EXCLUDED.release`,
      [`${service}#${environment}`, JSON.stringify(live)],
    );
  }

  async putDeployment(record: DeploymentRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO ${this.schema}.deployments (deployment_id, service, environment, started_at_ms, record)
       VALUES ($1, $2, $3, $4, $5::jsonb)
       ON CONFLICT (deployment_id) DO UPDATE SET service = EXCLUDED.service,
         environment = EXCLUDED.environment, started_at_ms = EXCLUDED.started_at_ms, record = EXCLUDED.record`,
      [record.deploymentId, record.service, record.environment, record.startedAtMs, JSON.stringify(record)],
    );
  }

  async updateDeployment(deploymentId: string, patch: Readonly<Record<string, unknown>>): Promise<void> {
    // `||` merges top-level fields, as `{ ...current, ...patch }` does.
    const { rows } = await this.db.query(
      `UPDATE ${this.schema}.deployments SET record = record || $2::jsonb WHERE deployment_id = $1
       RETURNING deployment_id`,
      [deploymentId, JSON.stringify(patch)],
    );
    if (rows.length === 0) throw new Error(`deployment ${deploymentId} has no record to update`);
  }

  async getDeployment(deploymentId: string): Promise<DeploymentRecord | null> {
    const { rows } = await this.db.query<{ record: DeploymentRecord }>(
      `SELECT record FROM ${this.schema}.deployments WHERE deployment_id = $1`,
      [deploymentId],
    );
    return rows[0]?.record ?? null;
  }

  async listDeployments(filter: {
    service?: string;
    environment?: string;
  }): Promise<readonly DeploymentRecord[]> {
    const { rows } = await this.db.query<{ record: DeploymentRecord }>(
      `SELECT record FROM ${this.schema}.deployments
       WHERE ($1::text IS NULL OR service = $1) AND ($2::text IS NULL OR environment = $2)
       ORDER BY started_at_ms DESC, seq`,
      [filter.service || null, filter.environment || null],
    );
    return rows.map((row) => row.record);
  }

  async hasSucceeded(service: string, environment: string, version: string): Promise<boolean> {
    const { rows } = await this.db.query(
      `SELECT 1 FROM ${this.schema}.deployments
       WHERE service = $1 AND environment = $2 AND record->>'version' = $3 AND record->>'status' = 'succeeded'
       LIMIT 1`,
      [service, environment, version],
    );
    return rows.length > 0;
  }

  async appendAudit(deploymentId: string, event: AuditEvent): Promise<void> {
    await this.db.query(`INSERT INTO ${this.schema}.audit (deployment_id, event) VALUES ($1, $2::jsonb)`, [
      deploymentId,
      JSON.stringify(event),
    ]);
  }

  async listAudit(deploymentId: string): Promise<readonly AuditEvent[]> {
    const { rows } = await this.db.query<{ event: AuditEvent }>(
      `SELECT event FROM ${this.schema}.audit WHERE deployment_id = $1 ORDER BY seq`,
      [deploymentId],
    );
    return rows.map((row) => row.event);
  }

  async putCallback(deploymentId: string, kind: CallbackKind, taskToken: string): Promise<void> {
    await this.db.query(
      `INSERT INTO ${this.schema}.callbacks (key, task_token) VALUES ($1, $2)
       ON CONFLICT (key) DO UPDATE SET task_token = EXCLUDED.task_token`,
      [`${deploymentId}#${kind}`, taskToken],
    );
  }

  async getCallback(deploymentId: string, kind: CallbackKind): Promise<string | null> {
    const { rows } = await this.db.query<{ task_token: string }>(
      `SELECT task_token FROM ${this.schema}.callbacks WHERE key = $1`,
      [`${deploymentId}#${kind}`],
    );
    return rows[0]?.task_token ?? null;
  }

  async clearCallback(deploymentId: string, kind: CallbackKind): Promise<void> {
    await this.db.query(`DELETE FROM ${this.schema}.callbacks WHERE key = $1`, [`${deploymentId}#${kind}`]);
  }

  async putSnapshotIntegrity(snapshotId: string, record: SnapshotIntegrityRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO ${this.schema}.snapshot_integrity (snapshot_id, record) VALUES ($1, $2::jsonb)
       ON CONFLICT (snapshot_id) DO UPDATE SET record = EXCLUDED.record`,
      [snapshotId, JSON.stringify(record)],
    );
  }

  async getSnapshotIntegrity(snapshotId: string): Promise<SnapshotIntegrityRecord | null> {
    const { rows } = await this.db.query<{ record: SnapshotIntegrityRecord }>(
      `SELECT record FROM ${this.schema}.snapshot_integrity WHERE snapshot_id = $1`,
      [snapshotId],
    );
    return rows[0]?.record ?? null;
  }

  /**
   * The latest world time this store has seen (audit events, lease renewals, starts), or null
   * when it is empty: a world resumed from disk starts its clock after it, so time never runs
   * backwards across a restart.
   */
  async latestTimestampMs(): Promise<number | null> {
    const { rows } = await this.db.query<{ latest: number | null }>(
      `SELECT greatest(
         (SELECT max((event->>'atMs')::bigint) FROM ${this.schema}.audit),
         (SELECT max(coalesce((record->>'renewedAtMs')::bigint, (record->>'acquiredAtMs')::bigint)) FROM ${this.schema}.locks),
         (SELECT max(started_at_ms) FROM ${this.schema}.deployments)
       )::bigint AS latest`,
    );
    const latest = rows[0]?.latest;
    return latest === null || latest === undefined ? null : Number(latest);
  }
}

import type { Colour } from './colour.ts';

export interface LockRecord {
  /** `<service>#<environment>`: one deployment per service and environment at a time. */
  readonly key: string;
  /** The deployment id holding it. */
  readonly owner: string;
  /** The execution that took it: a deployment id runs once, in one execution. */
  readonly executionId?: string;
  readonly acquiredAtMs: number;
  /** When the lease was last renewed (acquiredAtMs until then): staleness counts from here. */
  readonly renewedAtMs?: number;
}

/** What Preflight asks for when it takes the lock. */
export interface LockRequest {
  /** `<service>#<environment>` (`lockKeyFor`). */
  readonly key: string;
  /** The deployment id asking for the lock. */
  readonly owner: string;
  /** Its execution: the same owner from another execution is refused, never let in. */
  readonly executionId?: string;
  readonly nowMs: number;
  /** A lock not renewed for this long is abandoned (its execution died without releasing it). */
  readonly staleAfterMs: number;
}

export type LockAttempt =
  | { readonly acquired: true; readonly tookOverFrom?: LockRecord }
  | { readonly acquired: false; readonly holder: LockRecord };

export interface LiveRelease {
  readonly colour: Colour;
  readonly version: string;
}

/**
 * The callback tasks a token is kept for: `restore` is the rollback's snapshot-restore approval;
 * `backup` and `rollout` are AwaitBackup and AwaitGreen, which the wait relay completes.
 */
export const callbackKinds = ['approval', 'bake', 'standby', 'restore', 'backup', 'rollout'] as const;
export type CallbackKind = (typeof callbackKinds)[number];

export interface AuditEvent {
  readonly atMs: number;
  /** e.g. `step.started`, `weights.changed`, `alarm`, `approval.granted`, `outcome`. */
  readonly type: string;
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface DeploymentRecord {
  readonly deploymentId: string;
  readonly service: string;
  readonly environment: string;
  readonly version: string;
  readonly startedAtMs: number;
  /** `running`, then `succeeded`, `rolled-back` or `refused`. */
  readonly status: 'running' | 'succeeded' | 'rolled-back' | 'refused';
  readonly [field: string]: unknown;
}

/** The lock, the deployment records, the audit trail and the live colour (one DynamoDB table on AWS). */
export interface Store {
  /**
   * Takes the lock when it is free, already ours (a retried call of the same execution), or
   * stale. Atomic: two callers can never both get `acquired: true` for the same key.
   */
  acquireLock(request: LockRequest): Promise<LockAttempt>;
  /**
   * Renews the lease if `owner` still holds the lock; false when it does not (released, or
   * taken over as stale): the caller has lost it and must change nothing more.
   */
  renewLock(key: string, owner: string, nowMs: number): Promise<boolean>;
  /** Releases the lock only if `owner` holds it; releasing a lock we do not hold is a no-op. */
  releaseLock(key: string, owner: string): Promise<void>;
  readLock(key: string): Promise<LockRecord | null>;

  getLive(service: string, environment: string): Promise<LiveRelease | null>;
  setLive(service: string, environment: string, live: LiveRelease): Promise<void>;

  putDeployment(record: DeploymentRecord): Promise<void>;
  updateDeployment(deploymentId: string, patch: Readonly<Record<string, unknown>>): Promise<void>;
  getDeployment(deploymentId: string): Promise<DeploymentRecord | null>;
  listDeployments(filter: { service?: string; environment?: string }): Promise<readonly DeploymentRecord[]>;
  /** True when `version` of `service` once succeeded in `environment` (the promotion rule). */
  hasSucceeded(service: string, environment: string, version: string): Promise<boolean>;

  appendAudit(deploymentId: string, event: AuditEvent): Promise<void>;
  listAudit(deploymentId: string): Promise<readonly AuditEvent[]>;

  /** Remembers the task token of a waiting callback task, so an alarm or operator can end it. */
  putCallback(deploymentId: string, kind: CallbackKind, taskToken: string): Promise<void>;
  getCallback(deploymentId: string, kind: CallbackKind): Promise<string | null>;
  clearCallback(deploymentId: string, kind: CallbackKind): Promise<void>;

  /**
   * Keeps the row counts and checksums read just before a snapshot was taken, so a DR drill of
   * that snapshot can compare its restored copy against them. A second put replaces the first.
   */
  putSnapshotIntegrity(snapshotId: string, record: SnapshotIntegrityRecord): Promise<void>;
  /** What was recorded for `snapshotId`, or null when nothing was (e.g. an RDS automated backup). */
  getSnapshotIntegrity(snapshotId: string): Promise<SnapshotIntegrityRecord | null>;
}

/** One table's figures, in the shape the DR drill compares (`TableIntegrity` in src/dr/dr-ports.ts). */
export interface RecordedTable {
  readonly table: string;
  readonly rowCount: number;
  /** md5 hex of the rows' text forms in primary-key order (src/db/engine/table-checksums.ts). */
  readonly checksum: string;
}

/** The figures of a database's tables, as read just before one of its snapshots was taken. */
export interface SnapshotIntegrityRecord {
  /** When the figures were read (epoch ms): just before the snapshot was requested. */
  readonly recordedAtMs: number;
  readonly tables: readonly RecordedTable[];
}

export const lockKeyFor = (service: string, environment: string): string => `${service}#${environment}`;

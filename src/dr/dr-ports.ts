import type { ServiceBinding } from '../schema/config.ts';

/**
 * The ports of the DR drill (`statemachines/dr-test.asl.json`). Kept apart from the deploy
 * workflow's `Ports`: only the DR functions restore databases into temporary instances, and
 * only they need the permissions for it.
 */

/** A backup the drill can restore. */
export interface SnapshotRef {
  readonly snapshotId: string;
  /** When the snapshot was taken (its data is as of this instant), epoch ms. */
  readonly createdAtMs: number;
  /** RDS automated backup, or a manual snapshot (Greenlight's Backup step takes manual ones). */
  readonly kind: 'automated' | 'manual';
}

/** Row count and checksum of one table, as recorded with a snapshot or read from a restored copy. */
export interface TableIntegrity {
  readonly table: string;
  readonly rowCount: number;
  /** md5 hex of the rows' text forms in primary-key order (see src/db/engine/table-checksums.ts). */
  readonly checksum: string;
}

/** Where a restore is: RDS `creating`/`backing-up`/… → creating; `available`; anything broken → failed. */
export interface RestoreStatus {
  readonly status: 'creating' | 'available' | 'failed';
  /** The service's own words, e.g. `creating` or `incompatible-restore`. */
  readonly detail: string;
}

/** Snapshots and isolated restores (RDS/Aurora on AWS, snapshot copies locally). */
export interface DrDatabase {
  /**
   * The newest available snapshot of the bound database whose name matches one of `restorable`
   * (core/drillable-snapshots.ts), or null when there is none.
   */
  findLatestSnapshot(
    binding: ServiceBinding,
    options: { readonly includeAutomated: boolean; readonly restorable: readonly string[] },
  ): Promise<SnapshotRef | null>;
  /**
   * Starts restoring `snapshotId` into a new, isolated instance named `tempId`: no public
   * access, its own security group. Idempotent: a retried call for an existing `tempId` succeeds.
   */
  restoreToIsolatedInstance(binding: ServiceBinding, snapshotId: string, tempId: string): Promise<void>;
  restoreStatus(binding: ServiceBinding, tempId: string): Promise<RestoreStatus>;
  /**
   * Row counts and checksums of `tables` (every table of the default schema when null) in the
   * restored copy. A table that does not exist there is left out of the result.
   */
  integrity(
    binding: ServiceBinding,
    tempId: string,
    tables: readonly string[] | null,
  ): Promise<TableIntegrity[]>;
  /** What was recorded when the snapshot was taken, or null when nothing was. */
  expectedIntegrity(binding: ServiceBinding, snapshotId: string): Promise<TableIntegrity[] | null>;
  /** Deletes the temporary instance; `not-found` when it is already gone (idempotent). */
  deleteInstance(binding: ServiceBinding, tempId: string): Promise<'deleted' | 'not-found'>;
}

export type MetricUnit = 'Seconds' | 'Count' | 'None';

/** One number per call: CloudWatch PutMetricData on AWS, the local metrics store offline. */
export interface DrMetrics {
  publish(
    name: string,
    value: number,
    unit: MetricUnit,
    dimensions: Readonly<Record<string, string>>,
  ): Promise<void>;
}

/** What the DR steps use beyond the shared `Ports` (clock, config, notifier, store). */
export interface DrPorts {
  readonly database: DrDatabase;
  readonly metrics: DrMetrics;
}

/** The CloudWatch namespace of the drill's metrics. */
export const drMetricNamespace = 'Greenlight/DR';

import type { ServiceBinding } from '../schema/config.ts';

export interface SnapshotStatus {
  readonly snapshotId: string;
  readonly status: 'creating' | 'available' | 'failed';
  readonly progressPercent: number;
  readonly detail: string;
}

/** RDS / Aurora snapshots (CreateDBSnapshot / CreateDBClusterSnapshot on AWS). */
export interface DatabaseSnapshots {
  /**
   * Takes the snapshot and, where the adapter can, records the row counts and checksums of the
   * database's tables with it, for the DR drill (best effort: the snapshot never waits on them).
   */
  createSnapshot(
    binding: ServiceBinding,
    snapshotId: string,
    tags: Readonly<Record<string, string>>,
  ): Promise<void>;
  snapshotStatus(binding: ServiceBinding, snapshotId: string): Promise<SnapshotStatus>;
}

export interface AppliedMigration {
  readonly id: string;
  readonly checksum: string;
  /** False when blue (the old version) can no longer run on the new schema (not expand-only). */
  readonly blueCompatible: boolean;
}

export interface MigrationReport {
  readonly applied: readonly AppliedMigration[];
  readonly alreadyApplied: number;
}

/** Versioned SQL migrations, run against the service's database. */
export interface Migrator {
  migrate(
    binding: ServiceBinding,
    request: { location: string; deploymentId: string },
  ): Promise<MigrationReport>;
  /** Runs the down scripts of the migrations `deploymentId` applied, newest first. */
  revert(
    binding: ServiceBinding,
    request: { location: string; deploymentId: string },
  ): Promise<readonly string[]>;
}

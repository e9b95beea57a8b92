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

export interface MigrateRequest {
  readonly location: string;
  readonly deploymentId: string;
  readonly onApplied?: (migration: AppliedMigration) => Promise<void>;
}

/** Versioned SQL migrations, run against the service's database. */
export interface Migrator {
  /**
   * Applies the pending migrations in order, each in its own transaction; `onApplied` hears of
   * each one as soon as it is committed, so a run that fails half-way leaves a record of what it did.
   */
  migrate(binding: ServiceBinding, request: MigrateRequest): Promise<MigrationReport>;
  /**
   * Checks, without touching the database, that `location` holds a valid migration set this
   * migrator can read. Preflight calls it, so a bad location is refused before anything changes.
   * @returns how many migrations the folder holds
   * @throws MigrationFailedError or ConfigError naming the problem
   */
  check(binding: ServiceBinding, location: string): Promise<{ readonly migrations: number }>;
  /** Runs the down scripts of the migrations `deploymentId` applied, newest first. */
  revert(
    binding: ServiceBinding,
    request: { location: string; deploymentId: string },
  ): Promise<readonly string[]>;
}

import type { SqlDatabase } from '../../db/engine/sql-database.ts';
import type { WorldClock } from '../../local-world/clock/world-clock.ts';
import type { SnapshotStore } from '../../local-world/db/snapshots.ts';
import { type EventSink, snapshotCreatedEvent } from '../../local-world/events/service-events.ts';
import type { DatabaseSnapshots, SnapshotStatus } from '../../ports/database.ts';
import type { ServiceBinding } from '../../schema/config.ts';

/** How the local RDS times its snapshots and tells of them, as RDS does on AWS. */
export interface LocalSnapshotTiming {
  readonly clock: WorldClock;
  /** World seconds from the request until a snapshot is available (a real one takes minutes). */
  readonly creationSeconds: number;
  /** Where `RDS DB Snapshot Event`s go once a snapshot is available: the world's event bus. */
  readonly publish: EventSink;
  readonly account: string;
  readonly region: string;
}

/**
 * The DatabaseSnapshots port over the local snapshot store: a real, restorable copy of the
 * service's database (a schema copy in the world's engine), copied at the request, as RDS
 * snapshots the volume at that instant. With a timing, it stays `creating` for
 * `creationSeconds` of world time, and then publishes RDS's "Manual snapshot created" event;
 * without one it is available at once.
 */
export class LocalSnapshots implements DatabaseSnapshots {
  readonly tags = new Map<string, Readonly<Record<string, string>>>();
  /** When each snapshot requested in this process becomes available (world ms). */
  private readonly availableAtMs = new Map<string, number>();
  private published = 0;

  constructor(
    private readonly store: SnapshotStore,
    /** The service's database, by its binding. */
    private readonly databaseFor: (binding: ServiceBinding) => SqlDatabase,
    private readonly timing?: LocalSnapshotTiming,
  ) {}

  async createSnapshot(
    binding: ServiceBinding,
    snapshotId: string,
    tags: Readonly<Record<string, string>>,
  ): Promise<void> {
    const db = this.databaseFor(binding);
    // A retried call finds the snapshot there, as RDS answers DBSnapshotAlreadyExists.
    const existing = await this.store.listSnapshots(db);
    if (!existing.some((snapshot) => snapshot.id === snapshotId)) {
      await this.store.createSnapshot(db, snapshotId);
      this.announce(snapshotId);
    }
    this.tags.set(snapshotId, tags);
  }

  async snapshotStatus(binding: ServiceBinding, snapshotId: string): Promise<SnapshotStatus> {
    const snapshots = await this.store.listSnapshots(this.databaseFor(binding));
    const found = snapshots.find((snapshot) => snapshot.id === snapshotId);
    if (!found) return { snapshotId, status: 'failed', progressPercent: 0, detail: 'no such snapshot' };
    const availableAtMs = this.availableAtMs.get(snapshotId);
    const remainingMs =
      this.timing && availableAtMs !== undefined ? availableAtMs - this.timing.clock.nowMs() : 0;
    if (this.timing && remainingMs > 0) {
      const totalMs = this.timing.creationSeconds * 1000;
      const progressPercent = Math.floor((100 * (totalMs - remainingMs)) / totalMs);
      return { snapshotId, status: 'creating', progressPercent, detail: `creating, ${progressPercent}%` };
    }
    const rows = found.tables.reduce((total, table) => total + table.rowCount, 0);
    return {
      snapshotId,
      status: 'available',
      progressPercent: 100,
      detail: `${found.tables.length} tables, ${rows} rows`,
    };
  }

  /** Marks when the snapshot will be available, and publishes RDS's event then. */
  private announce(snapshotId: string): void {
    const timing = this.timing;
    if (!timing) return;
    const delayMs = timing.creationSeconds * 1000;
    this.availableAtMs.set(snapshotId, timing.clock.nowMs() + delayMs);
    // A background timer, as RDS's own work is: it never keeps the world going on its own (a
    // deployment that ended while its snapshot was still creating does not wait for it).
    const stop = timing.clock.setInterval(
      Math.max(delayMs, 1),
      () => {
        stop();
        this.publishCreated(timing, snapshotId);
      },
      { background: true },
    );
  }

  private publishCreated(timing: LocalSnapshotTiming, snapshotId: string): void {
    this.published += 1;
    const origin = {
      account: timing.account,
      region: timing.region,
      atMs: timing.clock.nowMs(),
      id: `rds-snapshot-${this.published}-${snapshotId}`,
    };
    timing.publish(snapshotCreatedEvent(origin, snapshotId));
  }
}

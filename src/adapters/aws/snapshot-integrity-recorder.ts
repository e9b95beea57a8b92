/**
 * Records what a Greenlight snapshot holds (row counts and checksums per table), so the DR
 * drill can check a restore of it: RDS records nothing of the kind with a snapshot.
 *
 * Best effort, on purpose: the snapshot is the safety net of the migration that follows, and
 * the figures only sharpen a later drill. Failing the backup (and so the deployment) because
 * the figures could not be read — a slow query on a big table, a missing grant, a database
 * under load — would trade a deployment for a nicety. So a failure is logged as a warning and
 * nothing is recorded; a drill of that snapshot then checks presence only and its report says so.
 */
import type { TableIntegrity } from '../../dr/dr-ports.ts';
import type { Clock } from '../../ports/clock.ts';
import type { SnapshotIntegrityRecord, Store } from '../../ports/store.ts';
import type { ServiceBinding } from '../../schema/config.ts';

/** Reads the row counts and checksums of a binding's live database, consistently (one transaction). */
export type LiveIntegrityReader = (binding: ServiceBinding) => Promise<TableIntegrity[]>;

/** What the snapshot adapter calls around its snapshot request. Neither method throws. */
export interface SnapshotIntegrityRecorder {
  /** The live database's figures now, or null when they could not be read (a warning is logged). */
  readBeforeSnapshot(binding: ServiceBinding, snapshotId: string): Promise<SnapshotIntegrityRecord | null>;
  /** Stores the figures under the snapshot id; a failure is logged, not thrown. */
  record(snapshotId: string, figures: SnapshotIntegrityRecord): Promise<void>;
}

export interface BestEffortIntegrityRecorderOptions {
  readonly read: LiveIntegrityReader;
  readonly store: Pick<Store, 'putSnapshotIntegrity'>;
  readonly clock: Clock;
  readonly warn: (message: string, details: Readonly<Record<string, unknown>>) => void;
}

const consequence =
  'the backup goes on; a DR drill of this snapshot will check that its tables are present, not their row counts or checksums';

export function bestEffortIntegrityRecorder(
  options: BestEffortIntegrityRecorderOptions,
): SnapshotIntegrityRecorder {
  return {
    async readBeforeSnapshot(binding, snapshotId) {
      // The figures are as of the start of the read (one REPEATABLE READ transaction).
      const recordedAtMs = options.clock.nowMs();
      try {
        return { recordedAtMs, tables: await options.read(binding) };
      } catch (error) {
        options.warn(
          `could not read the row counts and checksums of ${binding.database.id}: ${consequence}`,
          {
            snapshotId,
            error: describe(error),
          },
        );
        return null;
      }
    },

    async record(snapshotId, figures) {
      try {
        await options.store.putSnapshotIntegrity(snapshotId, figures);
      } catch (error) {
        options.warn(
          `could not store the row counts and checksums of snapshot ${snapshotId}: ${consequence}`,
          {
            snapshotId,
            tables: figures.tables.length,
            error: describe(error),
          },
        );
      }
    },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

import { decideSnapshotRetention, type RetentionVerdict } from '../core/snapshot-retention.ts';
import type { SnapshotCatalog, SnapshotScope } from '../ports/snapshot-retention.ts';

/** A snapshot the run deleted (or found already gone), with why it had expired. */
export interface DeletedSnapshot extends RetentionVerdict {
  readonly outcome: 'deleted' | 'already-gone';
}

/** A deletion that failed; the others went ahead. */
export interface FailedDeletion extends RetentionVerdict {
  /** The error name (e.g. `AccessDeniedError`, `InvalidDBSnapshotStateFault`) and message. */
  readonly error: string;
}

export interface PruneResult {
  readonly dryRun: boolean;
  /** Every snapshot found expired; under `dryRun` these are the ones that would be deleted. */
  readonly expired: readonly RetentionVerdict[];
  readonly deleted: readonly DeletedSnapshot[];
  readonly kept: readonly RetentionVerdict[];
  readonly failed: readonly FailedDeletion[];
}

export interface PruneRequest {
  readonly scope: SnapshotScope;
  readonly nowMs: number;
  readonly dryRun?: boolean;
  /** Deployments still running: their snapshots are kept whatever their tags say. */
  readonly protectedDeploymentIds?: Iterable<string>;
}

/**
 * Lists Greenlight's snapshots, decides which expired, and deletes those one by one. A failed
 * deletion is reported and does not stop the others (the next run retries it); a failed
 * listing throws, since nothing can be decided without it.
 */
export async function pruneSnapshots(catalog: SnapshotCatalog, request: PruneRequest): Promise<PruneResult> {
  const snapshots = await catalog.listGreenlightSnapshots(request.scope);
  const decision = decideSnapshotRetention(snapshots, request.nowMs, {
    protectedDeploymentIds: request.protectedDeploymentIds,
  });
  const dryRun = request.dryRun ?? false;
  const kindOf = new Map(snapshots.map((s) => [s.snapshotId, s.kind]));
  const deleted: DeletedSnapshot[] = [];
  const failed: FailedDeletion[] = [];
  if (!dryRun) {
    for (const verdict of decision.expire) {
      try {
        const outcome = await catalog.deleteSnapshot(
          verdict.snapshotId,
          kindOf.get(verdict.snapshotId) ?? 'instance',
        );
        deleted.push({ ...verdict, outcome: outcome === 'deleted' ? 'deleted' : 'already-gone' });
      } catch (error) {
        failed.push({ ...verdict, error: describeError(error) });
      }
    }
  }
  return { dryRun, expired: decision.expire, deleted, kept: decision.keep, failed };
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Which Greenlight snapshots have outlived their retention. Pure: the caller lists the
 * snapshots and deletes what this returns.
 *
 * The Backup step tags every snapshot it takes with `greenlight:deployment` and
 * `greenlight:retain-until` (an ISO date). The rule is one-sided on purpose: a snapshot is
 * deleted only when we can prove it expired. Anything we did not take, or whose retention we
 * cannot read, is kept, with a reason an operator can act on.
 */

import { formatDuration, isoUtc } from './format.ts';

/** The tag the Backup step puts on every snapshot it takes: the deployment id. */
export const deploymentTag = 'greenlight:deployment';
/** The tag holding the instant (ISO 8601) until which the snapshot must be kept. */
export const retainUntilTag = 'greenlight:retain-until';

/** One snapshot as the catalog lists it. */
export interface RetentionCandidate {
  readonly snapshotId: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly createdAtMs: number;
}

/** A snapshot with the reason it is expired or kept. */
export interface RetentionVerdict {
  readonly snapshotId: string;
  readonly reason: string;
}

export interface RetentionDecision {
  /** Snapshots to delete: Greenlight's, with a readable retain-until in the past. */
  readonly expire: readonly RetentionVerdict[];
  /** Everything else, each with why it stays. */
  readonly keep: readonly RetentionVerdict[];
}

export interface RetentionOptions {
  /**
   * Deployments still running: their snapshots are the rollback point and are kept whatever
   * their tag says (a retention of 0 days, or a clock skew, must not delete a live backup).
   */
  readonly protectedDeploymentIds?: Iterable<string>;
}

// An ISO 8601 date or date-time; `Date.parse` alone accepts too much (e.g. "7", "May 3").
const isoDate = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** The retain-until instant in epoch ms, or `undefined` when it is missing or unreadable. */
export function parseRetainUntil(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (!isoDate.test(trimmed)) return undefined;
  const ms = Date.parse(trimmed);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Decides, for each snapshot, whether it is expired (delete) or kept, and why. */
export function decideSnapshotRetention(
  snapshots: readonly RetentionCandidate[],
  nowMs: number,
  options: RetentionOptions = {},
): RetentionDecision {
  const protectedIds = new Set(options.protectedDeploymentIds ?? []);
  const expire: RetentionVerdict[] = [];
  const keep: RetentionVerdict[] = [];
  for (const snapshot of snapshots) {
    const verdict = judge(snapshot, nowMs, protectedIds);
    (verdict.expired ? expire : keep).push({ snapshotId: snapshot.snapshotId, reason: verdict.reason });
  }
  return { expire, keep };
}

function judge(
  snapshot: RetentionCandidate,
  nowMs: number,
  protectedIds: ReadonlySet<string>,
): { expired: boolean; reason: string } {
  const deploymentId = snapshot.tags[deploymentTag];
  if (deploymentId === undefined || deploymentId.trim() === '') {
    return { expired: false, reason: `not taken by Greenlight (no ${deploymentTag} tag)` };
  }
  if (protectedIds.has(deploymentId)) {
    return { expired: false, reason: `deployment ${deploymentId} is still running; its backup is kept` };
  }
  const raw = snapshot.tags[retainUntilTag];
  const retainUntilMs = parseRetainUntil(raw);
  if (retainUntilMs === undefined) {
    const what = raw === undefined ? 'has no' : `has an unreadable ${JSON.stringify(raw)} as`;
    return {
      expired: false,
      reason: `${what} ${retainUntilTag} tag (an ISO date is expected); kept, since it cannot be proven expired: tag it or delete it by hand`,
    };
  }
  if (retainUntilMs < nowMs) {
    return {
      expired: true,
      reason: `retention ended ${isoUtc(retainUntilMs)}, ${formatDuration((nowMs - retainUntilMs) / 1000)} ago`,
    };
  }
  return {
    expired: false,
    reason: `retained until ${isoUtc(retainUntilMs)} (${formatDuration((retainUntilMs - nowMs) / 1000)} left)`,
  };
}

/** True when the tags are Greenlight's and match `scope` (its service/environment tags). */
export function inScope(
  tags: Readonly<Record<string, string>>,
  scope: { readonly service?: string; readonly environment?: string },
): boolean {
  if (tags[deploymentTag] === undefined) return false;
  if (scope.service !== undefined && tags['greenlight:service'] !== scope.service) return false;
  if (scope.environment !== undefined && tags['greenlight:environment'] !== scope.environment) return false;
  return true;
}

/**
 * Which snapshots of a database a DR drill may restore: RDS's automated backups of it
 * (`rds:<database>-<date>`) and the ones Greenlight's Backup step took of it
 * (`greenlight-<service>-<environment>-…`, snapshotIdFor). One rule for both sides: FindSnapshot
 * picks the newest snapshot matching these patterns, and the DR role may restore only snapshots
 * whose names match them (lib/capability-grants.ts), so a drill can never read another
 * service's data, and never picks a snapshot its role would be refused.
 */
import { rdsIdentifierMaxLength, validRdsIdentifier } from './rds-identifiers.ts';

/** The start of every snapshot id the Backup step makes for a service in an environment (before the deployment id). */
export const greenlightSnapshotBase = (service: string, environment: string): string =>
  `greenlight-${service}-${environment}`;

/**
 * A prefix every id of `snapshotIdFor(service, environment, …)` starts with, even one shortened
 * to fit (which keeps its first max − 9 characters, then a hash).
 */
export function greenlightSnapshotPrefix(
  service: string,
  environment: string,
  kind: 'instance' | 'cluster',
): string {
  const idKind = kind === 'cluster' ? 'cluster-snapshot' : 'instance-snapshot';
  const base = validRdsIdentifier(greenlightSnapshotBase(service, environment), idKind);
  return base.slice(0, rdsIdentifierMaxLength[idKind] - 9).replace(/-+$/, '');
}

/** Name patterns (`*` matches anything) of the snapshots a drill of this database may restore. */
export function drillableSnapshotPatterns(options: {
  readonly databaseId: string;
  readonly kind: 'instance' | 'cluster';
  readonly service: string;
  readonly environment: string;
}): readonly string[] {
  return [
    `rds:${options.databaseId}-*`,
    `${greenlightSnapshotPrefix(options.service, options.environment, options.kind)}*`,
  ];
}

/** Whether `snapshotId` matches one of `patterns`, as IAM matches a resource name. */
export function matchesSnapshotPattern(snapshotId: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => {
    const parts = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
    return new RegExp(`^${parts.join('.*')}$`).test(snapshotId);
  });
}

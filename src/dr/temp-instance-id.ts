import { createHash } from 'node:crypto';

/**
 * The name of a drill's temporary instance: `gl-dr-<service>-<hash of the execution>`.
 *
 * Derived from the execution id, so a retried step names the same instance (the restore stays
 * idempotent and Cleanup always knows what to delete). Valid as an RDS DBInstanceIdentifier
 * and DBClusterIdentifier: a letter first, letters, digits and single hyphens, at most 63.
 */
export function tempInstanceIdFor(service: string, executionId: string): string {
  const slug =
    service
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 30)
      .replace(/-+$/, '') || 'db';
  const hash = createHash('sha256').update(executionId).digest('hex').slice(0, 12);
  return `gl-dr-${slug}-${hash}`;
}

/**
 * RDS identifier rules, from the RDS API Reference (CreateDBSnapshot, CreateDBClusterSnapshot,
 * CreateDBInstance, CreateDBCluster): 1 to the kind's maximum of letters, digits and hyphens;
 * a letter first; no two hyphens in a row; no hyphen at the end.
 *
 * - DBSnapshotIdentifier (an instance snapshot): at most 255.
 * - DBClusterSnapshotIdentifier (an Aurora cluster snapshot): at most 63.
 * - DBInstanceIdentifier and DBClusterIdentifier: at most 63.
 */
import { createHash } from 'node:crypto';

export type RdsIdentifierKind = 'instance-snapshot' | 'cluster-snapshot' | 'instance' | 'cluster';

export const rdsIdentifierMaxLength: Readonly<Record<RdsIdentifierKind, number>> = {
  'instance-snapshot': 255,
  'cluster-snapshot': 63,
  instance: 63,
  cluster: 63,
};

/** Why `id` is not a valid identifier of `kind`, or undefined when it is. */
export function rdsIdentifierProblem(id: string, kind: RdsIdentifierKind): string | undefined {
  const max = rdsIdentifierMaxLength[kind];
  if (id.length < 1 || id.length > max) return `must be 1 to ${max} characters, got ${id.length}`;
  if (!/^[A-Za-z]/.test(id)) return 'must start with a letter';
  if (!/^[A-Za-z0-9-]+$/.test(id)) return 'may hold only letters, digits and hyphens';
  if (id.includes('--')) return 'may not hold two hyphens in a row';
  if (id.endsWith('-')) return 'may not end with a hyphen';
  return undefined;
}

/**
 * A valid identifier of `kind` made from `raw`: lower-cased, other characters made hyphens.
 * One that is too long keeps its start and ends with 8 hex digits of a hash of the whole of
 * `raw`, so two long names that differ only at the end stay distinct, and the same `raw`
 * always gives the same identifier (a retried step finds what it made).
 */
export function validRdsIdentifier(raw: string, kind: RdsIdentifierKind): string {
  const max = rdsIdentifierMaxLength[kind];
  const cleaned = raw
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/-+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-$/, '');
  const base = cleaned === '' ? 'gl' : cleaned;
  if (base.length <= max) return base;
  const hash = createHash('sha256').update(raw).digest('hex').slice(0, 8);
  return `${base.slice(0, max - hash.length - 1).replace(/-+$/, '')}-${hash}`;
}

/** The writer instance of a restored Aurora cluster copy: `<cluster>-writer`, kept to 63. */
export const writerInstanceIdOf = (clusterId: string): string =>
  validRdsIdentifier(`${clusterId}-writer`, 'instance');

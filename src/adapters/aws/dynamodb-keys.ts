import type { CallbackKind } from '../../ports/store.ts';

/**
 * The single-table layout of Greenlight's DynamoDB table (pk/sk strings), one function per
 * item kind. Pure, so the layout is readable in one place and testable without AWS.
 *
 * | item              | pk                               | sk                          | TTL |
 * |-------------------|----------------------------------|-----------------------------|-----|
 * | lock              | `lock#<service>#<env>`           | `lock`                      | no  |
 * | live colour       | `live#<service>#<env>`           | `live`                      | no  |
 * | deployment record | `deployment#<id>`                | `record`                    | no  |
 * | audit event       | `deployment#<id>`                | `audit#<ms, 15 digits>#<n>` | opt |
 * | callback token    | `deployment#<id>`                | `callback#<kind>`           | yes |
 * | success marker    | `success#<service>#<env>`        | `version#<version>`         | no  |
 * | snapshot figures  | `snapshot#<snapshot id>`         | `integrity`                 | no  |
 *
 * Deployment records also carry `kind = 'deployment'` and `startedAtMs`, the keys of the
 * `byKind` index that `listDeployments` queries.
 */

export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

/** The attribute the table's TTL is set on (epoch seconds). */
export const ttlAttribute = 'expiresAt';
/** The global secondary index that lists deployment records, newest first. */
export const byKindIndex = 'byKind';
export const deploymentKind = 'deployment';
/** Attributes of the layout that a deployment record's own fields must not overwrite. */
export const reservedAttributes = new Set(['pk', 'sk', 'kind', ttlAttribute]);

export const lockKey = (lockKeyValue: string): ItemKey => ({ pk: `lock#${lockKeyValue}`, sk: 'lock' });
export const liveKey = (service: string, environment: string): ItemKey => ({
  pk: `live#${service}#${environment}`,
  sk: 'live',
});
export const deploymentKey = (deploymentId: string): ItemKey => ({
  pk: `deployment#${deploymentId}`,
  sk: 'record',
});
export const auditPrefix = 'audit#';
/** Zero-padded milliseconds sort as strings in time order; `n` breaks ties within one ms. */
export const auditKey = (deploymentId: string, atMs: number, n: number): ItemKey => ({
  pk: `deployment#${deploymentId}`,
  sk: `${auditPrefix}${String(Math.max(0, Math.trunc(atMs))).padStart(15, '0')}#${String(n).padStart(4, '0')}`,
});
export const callbackKey = (deploymentId: string, kind: CallbackKind): ItemKey => ({
  pk: `deployment#${deploymentId}`,
  sk: `callback#${kind}`,
});
export const successKey = (service: string, environment: string, version: string): ItemKey => ({
  pk: `success#${service}#${environment}`,
  sk: `version#${version}`,
});

/** Row counts and checksums recorded with a snapshot (RDS snapshot ids are unique per account and region). */
export const snapshotIntegrityKey = (snapshotId: string): ItemKey => ({
  pk: `snapshot#${snapshotId}`,
  sk: 'integrity',
});

/** Epoch seconds `days` after `nowMs`, for the TTL attribute. */
export const expiresAtSeconds = (nowMs: number, days: number): number =>
  Math.floor(nowMs / 1000) + days * 86_400;

/** Drops the layout's attributes, leaving the record as the port knows it. */
export function withoutLayout(item: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([name]) => !reservedAttributes.has(name)));
}

import { greenlightSnapshotBase } from './drillable-snapshots.ts';
import { validRdsIdentifier } from './rds-identifiers.ts';

/**
 * An RDS snapshot identifier for a deployment, stable for retries: an instance snapshot's
 * (at most 255 characters) or an Aurora cluster snapshot's (at most 63), per the RDS rules in
 * src/core/rds-identifiers.ts.
 */
export function snapshotIdFor(
  service: string,
  environment: string,
  deploymentId: string,
  databaseKind: 'instance' | 'cluster' = 'instance',
): string {
  return validRdsIdentifier(
    `${greenlightSnapshotBase(service, environment)}-${deploymentId}`,
    databaseKind === 'cluster' ? 'cluster-snapshot' : 'instance-snapshot',
  );
}

/** The snapshot Backup takes for a deployment: {@link snapshotIdFor} of its service, environment, id and database. */
export const deploymentSnapshotId = (state: {
  readonly deployment: { readonly service: string; readonly environment: string; readonly id: string };
  readonly binding: { readonly database?: { readonly kind: 'instance' | 'cluster' } };
}): string =>
  snapshotIdFor(
    state.deployment.service,
    state.deployment.environment,
    state.deployment.id,
    state.binding.database?.kind ?? 'instance',
  );

/**
 * The EventBridge rules that send the wait relay (functions/wait-relay) what it waits for: one
 * definition for the CDK stack (lib/greenlight-events.ts) and the local world. Both services
 * publish to the default bus, on a best-effort basis, so the relay also runs on a schedule
 * (src/workflow/scheduled-functions.ts). The relay reads the real state before it acts: these
 * patterns only decide when it looks.
 *
 * - RDS: `RDS DB Snapshot Event` and `RDS DB Cluster Snapshot Event`, whose
 *   `detail.SourceIdentifier` is the snapshot's id
 *   (https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-rds.html).
 * - ECS: `ECS Deployment State Change`, sent when a service deployment completes (steady state)
 *   or fails (the circuit breaker); `resources[0]` is the service's ARN
 *   (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_service_deployment_events.html).
 */
export const snapshotEventDetailTypes = ['RDS DB Snapshot Event', 'RDS DB Cluster Snapshot Event'] as const;
export const rolloutEventDetailType = 'ECS Deployment State Change';
/** The ends of a service deployment; IN_PROGRESS says nothing the relay waits for. */
export const rolloutEndings = ['SERVICE_DEPLOYMENT_COMPLETED', 'SERVICE_DEPLOYMENT_FAILED'] as const;

/** Snapshot events of the snapshots Greenlight takes: ids starting with one of `snapshotPrefixes`. */
export function snapshotEventPattern(snapshotPrefixes: readonly string[]) {
  return {
    source: ['aws.rds'],
    'detail-type': [...snapshotEventDetailTypes],
    detail: { SourceIdentifier: snapshotPrefixes.map((prefix) => ({ prefix })) },
  };
}

/** The ends of ECS service deployments (the relay matches the service against the deployments it waits on). */
export function rolloutEventPattern() {
  return {
    source: ['aws.ecs'],
    'detail-type': [rolloutEventDetailType],
    detail: { eventName: [...rolloutEndings] },
  };
}

/**
 * True when the ECS service `serviceArn` (`arn:aws:ecs:<region>:<account>:service/<cluster>/<name>`)
 * is the one a binding names, by ARN or by name in its cluster (a cluster too may be named by ARN).
 */
export function isBoundService(serviceArn: string, cluster: string, service: string): boolean {
  if (serviceArn === service) return true;
  const match = /^arn:[^:]+:ecs:[^:]*:[^:]*:service\/([^/]+)\/([^/]+)$/.exec(serviceArn);
  if (!match) return false;
  const [, clusterName, serviceName] = match;
  const clusterOfBinding = cluster.includes('/') ? cluster.slice(cluster.lastIndexOf('/') + 1) : cluster;
  return serviceName === service && clusterName === clusterOfBinding;
}

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

/** The ECS services of a binding: its cluster and one service per colour, by name or ARN. */
export interface BoundServices {
  readonly cluster: string;
  readonly blue: string;
  readonly green: string;
}

/** `arn:aws:ecs:…:cluster/main` or `main` → `main`. */
const clusterName = (cluster: string): string =>
  cluster.includes('/') ? cluster.slice(cluster.lastIndexOf('/') + 1) : cluster;

/**
 * The ends of the bound services' deployments only (ECS publishes every service's, account-wide):
 * each service by its ARN, or by a wildcard on its name in its cluster.
 */
export function rolloutEventPattern(bound: readonly BoundServices[]) {
  return {
    source: ['aws.ecs'],
    'detail-type': [rolloutEventDetailType],
    resources: bound.flatMap(({ cluster, blue, green }) =>
      [blue, green].map((service) =>
        service.startsWith('arn:')
          ? service
          : { wildcard: `arn:aws:ecs:*:*:service/${clusterName(cluster)}/${service}` },
      ),
    ),
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
  const [, clusterOfEvent, serviceName] = match;
  return serviceName === service && clusterOfEvent === clusterName(cluster);
}

/**
 * The events RDS and ECS publish about the work a deployment waits for, in the shapes AWS
 * documents, so the local world's RDS and ECS (src/adapters/local/) send the wait relay what
 * the real services send it on AWS.
 */
import { type EventBridgeEventShape, eventTime } from './event-types.ts';

/** Where a local service publishes: the world's event bus. */
export type EventSink = (event: EventBridgeEventShape) => void;

interface Origin {
  readonly account: string;
  readonly region: string;
  readonly atMs: number;
  /** Unique per event. */
  readonly id: string;
}

/**
 * `RDS DB Snapshot Event` RDS-EVENT-0042, "Manual snapshot created"
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Events.Messages.html).
 */
export function snapshotCreatedEvent(origin: Origin, snapshotId: string): EventBridgeEventShape {
  const sourceArn = `arn:aws:rds:${origin.region}:${origin.account}:snapshot:${snapshotId}`;
  return {
    version: '0',
    id: origin.id,
    'detail-type': 'RDS DB Snapshot Event',
    source: 'aws.rds',
    account: origin.account,
    time: eventTime(origin.atMs),
    region: origin.region,
    resources: [sourceArn],
    detail: {
      EventCategories: ['creation'],
      SourceType: 'SNAPSHOT',
      SourceArn: sourceArn,
      Date: new Date(origin.atMs).toISOString(),
      Message: 'Manual snapshot created',
      SourceIdentifier: snapshotId,
      EventID: 'RDS-EVENT-0042',
    },
  };
}

/**
 * `ECS Deployment State Change` SERVICE_DEPLOYMENT_COMPLETED: the service reached a steady
 * state after a deployment
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_service_deployment_events.html).
 */
export function rolloutCompletedEvent(
  origin: Origin,
  serviceArn: string,
  deploymentId: string,
): EventBridgeEventShape {
  return {
    version: '0',
    id: origin.id,
    'detail-type': 'ECS Deployment State Change',
    source: 'aws.ecs',
    account: origin.account,
    time: eventTime(origin.atMs),
    region: origin.region,
    resources: [serviceArn],
    detail: {
      eventType: 'INFO',
      eventName: 'SERVICE_DEPLOYMENT_COMPLETED',
      deploymentId,
      updatedAt: new Date(origin.atMs).toISOString(),
      reason: `ECS deployment ${deploymentId} completed.`,
    },
  };
}

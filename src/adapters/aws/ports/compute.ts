import { ECSClient } from '@aws-sdk/client-ecs';
import type { PortFactory } from '../aws-ports.ts';
import { EcsCompute } from '../ecs-compute.ts';

/** Task definitions and services on ECS. */
export const ecsCompute: PortFactory<'compute'> = (context) => () =>
  new EcsCompute({ client: new ECSClient(context.clientConfig) });

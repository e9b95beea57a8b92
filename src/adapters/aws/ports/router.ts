import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { PortFactory } from '../aws-ports.ts';
import { Elbv2TrafficRouter } from '../elbv2-traffic-router.ts';

/** Listener weights, the test listener and target health on the ALB. */
export const elbv2Router: PortFactory<'router'> = (context) => () =>
  new Elbv2TrafficRouter({ client: new ElasticLoadBalancingV2Client(context.clientConfig) });

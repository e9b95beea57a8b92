import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { PortContext, PortFactory } from '../aws-ports.ts';
import { CloudWatchAlarms, serviceIdentityFromTargetGroups } from '../cloudwatch-alarms.ts';
import { CloudWatchMetrics } from '../cloudwatch-metrics.ts';
import { requiredStringRecord } from '../env.ts';
import { envNames } from '../stack-env.ts';

/** One CloudWatch client for the metrics and the alarms of a function. */
const client = (context: PortContext) =>
  context.shared('cloudwatch', () => new CloudWatchClient(context.clientConfig));

/** The ALB's and the app's metrics (GetMetricData). */
export const cloudWatchMetrics: PortFactory<'metrics'> = (context) => () =>
  new CloudWatchMetrics({ client: client(context) });

/** Greenlight's alarms of this environment (DescribeAlarms), told apart by the blue target group of each service. */
export const cloudWatchAlarms: PortFactory<'alarms'> = (context) => {
  const blueTargetGroups = requiredStringRecord(
    context.env,
    envNames.serviceTargetGroups,
    'a JSON object mapping each service name to its blue target group ARN',
  );
  const identify = serviceIdentityFromTargetGroups(context.environment, blueTargetGroups);
  return () => new CloudWatchAlarms({ client: client(context), identify });
};

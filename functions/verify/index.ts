import { awsPorts } from '../../src/adapters/aws/aws-ports.ts';
import { cloudWatchAlarms, cloudWatchMetrics } from '../../src/adapters/aws/ports/cloudwatch.ts';
import { lambdaHooks } from '../../src/adapters/aws/ports/hooks.ts';
import { dynamoDbStore } from '../../src/adapters/aws/ports/store.ts';
import { verify } from './handler.ts';

/** The ports this step uses, and no others (lib/step-capabilities.ts): its bundle carries only their SDK clients. */
export const ports = awsPorts(process.env, {
  store: dynamoDbStore,
  metrics: cloudWatchMetrics,
  alarms: cloudWatchAlarms,
  hooks: lambdaHooks,
});

/** The Lambda entry point: the verify step bound to the AWS adapters, once per cold start. */
export const handler = verify.bind(ports);

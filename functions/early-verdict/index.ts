import { awsPorts } from '../../src/adapters/aws/aws-ports.ts';
import { sfnCallbacks } from '../../src/adapters/aws/ports/callbacks.ts';
import { cloudWatchMetrics } from '../../src/adapters/aws/ports/cloudwatch.ts';
import { envConfig } from '../../src/adapters/aws/ports/config.ts';
import { dynamoDbStore } from '../../src/adapters/aws/ports/store.ts';
import { earlyVerdictStep } from './handler.ts';

/** The ports this step uses, and no others (lib/step-capabilities.ts): its bundle carries only their SDK clients. */
export const ports = awsPorts(process.env, {
  store: dynamoDbStore,
  config: envConfig,
  metrics: cloudWatchMetrics,
  callbacks: sfnCallbacks,
});

/** The Lambda entry point: the early verdict bound to the AWS adapters, once per cold start. */
export const handler = earlyVerdictStep.bind(ports);

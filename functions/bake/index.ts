import { awsPorts } from '../../src/adapters/aws/aws-ports.ts';
import { sfnCallbacks } from '../../src/adapters/aws/ports/callbacks.ts';
import { cloudWatchAlarms } from '../../src/adapters/aws/ports/cloudwatch.ts';
import { dynamoDbStore } from '../../src/adapters/aws/ports/store.ts';
import { bake } from './handler.ts';

/** The ports this step uses, and no others (lib/step-capabilities.ts): its bundle carries only their SDK clients. */
export const ports = awsPorts(process.env, {
  store: dynamoDbStore,
  alarms: cloudWatchAlarms,
  callbacks: sfnCallbacks,
});

/** The Lambda entry point: the bake step bound to the AWS adapters, once per cold start. */
export const handler = bake.bind(ports);

import { awsPorts } from '../../src/adapters/aws/aws-ports.ts';
import { sfnCallbacks } from '../../src/adapters/aws/ports/callbacks.ts';
import { snsNotifier } from '../../src/adapters/aws/ports/notifier.ts';
import { dynamoDbStore } from '../../src/adapters/aws/ports/store.ts';
import { alarmRelay } from './handler.ts';

/** The ports this step uses, and no others (lib/step-capabilities.ts): its bundle carries only their SDK clients. */
export const ports = awsPorts(process.env, {
  store: dynamoDbStore,
  callbacks: sfnCallbacks,
  notifier: snsNotifier,
});

/** The Lambda entry point: the alarm-relay step bound to the AWS adapters, once per cold start. */
export const handler = alarmRelay.bind(ports);

import { awsPorts } from '../../src/adapters/aws/aws-ports.ts';
import { snsNotifier } from '../../src/adapters/aws/ports/notifier.ts';
import { elbv2Router } from '../../src/adapters/aws/ports/router.ts';
import { dynamoDbStore } from '../../src/adapters/aws/ports/store.ts';
import { reconcile } from './handler.ts';

/** The ports this step uses, and no others (lib/step-capabilities.ts): its bundle carries only their SDK clients. */
export const ports = awsPorts(process.env, {
  store: dynamoDbStore,
  router: elbv2Router,
  notifier: snsNotifier,
});

/** The Lambda entry point: reconcile bound to the AWS adapters, once per cold start. */
export const handler = reconcile.bind(ports);

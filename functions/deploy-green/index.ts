import { awsPorts } from '../../src/adapters/aws/aws-ports.ts';
import { sfnCallbacks } from '../../src/adapters/aws/ports/callbacks.ts';
import { ecsCompute } from '../../src/adapters/aws/ports/compute.ts';
import { elbv2Router } from '../../src/adapters/aws/ports/router.ts';
import { dynamoDbStore } from '../../src/adapters/aws/ports/store.ts';
import { deployGreen } from './handler.ts';

/** The ports this step uses, and no others (lib/step-capabilities.ts): its bundle carries only their SDK clients. */
export const ports = awsPorts(process.env, {
  store: dynamoDbStore,
  compute: ecsCompute,
  router: elbv2Router,
  callbacks: sfnCallbacks,
});

/** The Lambda entry point: the deploy-green step bound to the AWS adapters, once per cold start. */
export const handler = deployGreen.bind(ports);

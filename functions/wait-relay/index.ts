import { awsPorts } from '../../src/adapters/aws/aws-ports.ts';
import { sfnCallbacks } from '../../src/adapters/aws/ports/callbacks.ts';
import { ecsCompute } from '../../src/adapters/aws/ports/compute.ts';
import { rdsSnapshots } from '../../src/adapters/aws/ports/rds.ts';
import { dynamoDbStore } from '../../src/adapters/aws/ports/store.ts';
import { waitRelay } from './handler.ts';

/** The ports this step uses, and no others (lib/step-capabilities.ts): its bundle carries only their SDK clients. */
export const ports = awsPorts(process.env, {
  store: dynamoDbStore,
  callbacks: sfnCallbacks,
  compute: ecsCompute,
  snapshots: rdsSnapshots(),
});

/** The Lambda entry point: the wait relay bound to the AWS adapters, once per cold start. */
export const handler = waitRelay.bind(ports);

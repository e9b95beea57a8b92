import { awsPorts } from '../../src/adapters/aws/aws-ports.ts';
import { lambdaHooks } from '../../src/adapters/aws/ports/hooks.ts';
import { elbv2Router } from '../../src/adapters/aws/ports/router.ts';
import { httpSmoke } from '../../src/adapters/aws/ports/smoke.ts';
import { dynamoDbStore } from '../../src/adapters/aws/ports/store.ts';
import { verifyGreen } from './handler.ts';

/** The ports this step uses, and no others (lib/step-capabilities.ts): its bundle carries only their SDK clients. */
export const ports = awsPorts(process.env, {
  store: dynamoDbStore,
  router: elbv2Router,
  smoke: httpSmoke,
  hooks: lambdaHooks,
});

/** The Lambda entry point: the verify-green step bound to the AWS adapters, once per cold start. */
export const handler = verifyGreen.bind(ports);

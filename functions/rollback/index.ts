import { awsPorts } from '../../src/adapters/aws/aws-ports.ts';
import { sqlMigrator } from '../../src/adapters/aws/ports/migrator.ts';
import { elbv2Router } from '../../src/adapters/aws/ports/router.ts';
import { httpSmoke } from '../../src/adapters/aws/ports/smoke.ts';
import { dynamoDbStore } from '../../src/adapters/aws/ports/store.ts';
import { rollback } from './handler.ts';

/** The ports this step uses, and no others (lib/step-capabilities.ts): its bundle carries only their SDK clients. */
export const ports = awsPorts(process.env, {
  store: dynamoDbStore,
  router: elbv2Router,
  smoke: httpSmoke,
  migrator: sqlMigrator,
});

/**
 * The Lambda entry point: the rollback step bound to the AWS adapters, once per cold start. Only
 * this step and its twin load the SQL migration engine (umzug + pg): it would add ~650 KB and
 * ~50 ms of cold start to every other bundle.
 */
export const handler = rollback.bind(ports);

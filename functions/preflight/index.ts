import { awsPorts } from '../../src/adapters/aws/aws-ports.ts';
import { ecsCompute } from '../../src/adapters/aws/ports/compute.ts';
import { envConfig } from '../../src/adapters/aws/ports/config.ts';
import { bundledMigrationFiles } from '../../src/adapters/aws/ports/migration-files.ts';
import { dynamoDbStore } from '../../src/adapters/aws/ports/store.ts';
import { preflight } from './handler.ts';

/** The ports this step uses, and no others (lib/step-capabilities.ts): its bundle carries only their SDK clients. */
export const ports = awsPorts(process.env, {
  store: dynamoDbStore,
  config: envConfig,
  compute: ecsCompute,
  migrator: bundledMigrationFiles,
});

/**
 * The Lambda entry point: the preflight step bound to the AWS adapters, once per cold start. It
 * binds the migrator to check a request's migrations location against the folders in its bundle
 * (it never connects to a database).
 */
export const handler = preflight.bind(ports);

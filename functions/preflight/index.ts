import { awsPortsFromEnv } from '../../src/adapters/aws/ports-from-env.ts';
import { awsMigratorFromEnv } from '../../src/adapters/aws/rds-migrator-from-env.ts';
import { preflight } from './handler.ts';

/**
 * The Lambda entry point: the preflight step bound to the AWS adapters, once per cold start. It
 * binds the migrator to check a request's migrations location against the folders in its bundle
 * (it never connects to a database).
 */
export const handler = preflight.bind(awsPortsFromEnv(process.env, { migrator: awsMigratorFromEnv() }));

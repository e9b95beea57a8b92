import { awsPortsFromEnv } from '../../src/adapters/aws/ports-from-env.ts';
import { awsMigratorFromEnv } from '../../src/adapters/aws/rds-migrator-from-env.ts';
import { migrate } from './handler.ts';

/**
 * The Lambda entry point: the migrate step bound to the AWS adapters, once per cold start. Only
 * this step and its twin load the SQL migration engine (umzug + pg): it would add ~650 KB and
 * ~50 ms of cold start to every other bundle.
 */
export const handler = migrate.bind(awsPortsFromEnv(process.env, { migrator: awsMigratorFromEnv() }));

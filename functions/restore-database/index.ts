import { awsPortsFromEnv } from '../../src/adapters/aws/ports-from-env.ts';
import { restoreDatabase } from './handler.ts';

/** The Lambda entry point: the rollback's snapshot restore bound to the AWS adapters, once per cold start. */
export const handler = restoreDatabase.bind(awsPortsFromEnv());

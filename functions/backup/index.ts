import { awsPortsFromEnv } from '../../src/adapters/aws/ports-from-env.ts';
import { backup } from './handler.ts';

/** The Lambda entry point: the backup step bound to the AWS adapters, once per cold start. */
export const handler = backup.bind(awsPortsFromEnv());

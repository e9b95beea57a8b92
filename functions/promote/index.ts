import { awsPortsFromEnv } from '../../src/adapters/aws/ports-from-env.ts';
import { promote } from './handler.ts';

/** The Lambda entry point: the promote step bound to the AWS adapters, once per cold start. */
export const handler = promote.bind(awsPortsFromEnv());

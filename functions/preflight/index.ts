import { awsPortsFromEnv } from '../../src/adapters/aws/ports-from-env.ts';
import { preflight } from './handler.ts';

/** The Lambda entry point: the preflight step bound to the AWS adapters, once per cold start. */
export const handler = preflight.bind(awsPortsFromEnv());

import { awsPortsFromEnv } from '../../src/adapters/aws/ports-from-env.ts';
import { standby } from './handler.ts';

/** The Lambda entry point: the standby step bound to the AWS adapters, once per cold start. */
export const handler = standby.bind(awsPortsFromEnv());

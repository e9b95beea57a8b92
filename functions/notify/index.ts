import { awsPortsFromEnv } from '../../src/adapters/aws/ports-from-env.ts';
import { notify } from './handler.ts';

/** The Lambda entry point: the notify step bound to the AWS adapters, once per cold start. */
export const handler = notify.bind(awsPortsFromEnv());

import { awsPortsFromEnv } from '../../src/adapters/aws/ports-from-env.ts';
import { approval } from './handler.ts';

/** The Lambda entry point: the approval step bound to the AWS adapters, once per cold start. */
export const handler = approval.bind(awsPortsFromEnv());

import { awsPortsFromEnv } from '../../src/adapters/aws/ports-from-env.ts';
import { reconcile } from './handler.ts';

/** The Lambda entry point: reconcile bound to the AWS adapters, once per cold start. */
export const handler = reconcile.bind(awsPortsFromEnv());

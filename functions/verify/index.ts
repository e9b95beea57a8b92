import { awsPortsFromEnv } from '../../src/adapters/aws/ports-from-env.ts';
import { verify } from './handler.ts';

/** The Lambda entry point: the verify step bound to the AWS adapters, once per cold start. */
export const handler = verify.bind(awsPortsFromEnv());

import { awsPortsFromEnv } from '../../src/adapters/aws/ports-from-env.ts';
import { verifyGreen } from './handler.ts';

/** The Lambda entry point: the verify-green step bound to the AWS adapters, once per cold start. */
export const handler = verifyGreen.bind(awsPortsFromEnv());

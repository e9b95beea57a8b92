import { awsPortsFromEnv } from '../../src/adapters/aws/ports-from-env.ts';
import { shiftWeight } from './handler.ts';

/** The Lambda entry point: the shift-weight step bound to the AWS adapters, once per cold start. */
export const handler = shiftWeight.bind(awsPortsFromEnv());

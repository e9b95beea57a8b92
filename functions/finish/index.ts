import { awsPortsFromEnv } from '../../src/adapters/aws/ports-from-env.ts';
import { finish } from './handler.ts';

/** The Lambda entry point: the finish step bound to the AWS adapters, once per cold start. */
export const handler = finish.bind(awsPortsFromEnv());

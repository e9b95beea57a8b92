import { awsPortsFromEnv } from '../../src/adapters/aws/ports-from-env.ts';
import { bake } from './handler.ts';

/** The Lambda entry point: the bake step bound to the AWS adapters, once per cold start. */
export const handler = bake.bind(awsPortsFromEnv());

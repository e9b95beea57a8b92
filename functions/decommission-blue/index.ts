import { awsPortsFromEnv } from '../../src/adapters/aws/ports-from-env.ts';
import { decommissionBlue } from './handler.ts';

/** The Lambda entry point: the decommission-blue step bound to the AWS adapters, once per cold start. */
export const handler = decommissionBlue.bind(awsPortsFromEnv());

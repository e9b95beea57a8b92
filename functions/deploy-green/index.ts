import { awsPortsFromEnv } from '../../src/adapters/aws/ports-from-env.ts';
import { deployGreen } from './handler.ts';

/** The Lambda entry point: the deploy-green step bound to the AWS adapters, once per cold start. */
export const handler = deployGreen.bind(awsPortsFromEnv());

import { awsPortsFromEnv } from '../../src/adapters/aws/ports-from-env.ts';
import { awsDrPortsFromEnv } from '../../src/dr/aws-dr-ports.ts';
import { drEvaluate } from './handler.ts';

/** The Lambda entry point: the dr-evaluate step bound to the AWS adapters, once per cold start. */
export const handler = drEvaluate.bind(awsPortsFromEnv(), awsDrPortsFromEnv());

import { awsPortsFromEnv } from '../../src/adapters/aws/ports-from-env.ts';
import { awsDrPortsFromEnv } from '../../src/dr/aws-dr-ports.ts';
import { drFindSnapshot } from './handler.ts';

/** The Lambda entry point: the dr-find-snapshot step bound to the AWS adapters, once per cold start. */
export const handler = drFindSnapshot.bind(awsPortsFromEnv(), awsDrPortsFromEnv());

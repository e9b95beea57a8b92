import { awsPortsFromEnv } from '../../src/adapters/aws/ports-from-env.ts';
import { awsDrPortsFromEnv } from '../../src/dr/aws-dr-ports.ts';
import { drCheckRestore } from './handler.ts';

/** The Lambda entry point: the dr-check-restore step bound to the AWS adapters, once per cold start. */
export const handler = drCheckRestore.bind(awsPortsFromEnv(), awsDrPortsFromEnv());

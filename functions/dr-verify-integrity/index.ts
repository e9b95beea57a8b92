import { awsPortsFromEnv } from '../../src/adapters/aws/ports-from-env.ts';
import { awsDrPortsFromEnv } from '../../src/dr/aws-dr-ports.ts';
import { drVerifyIntegrity } from './handler.ts';

/** The Lambda entry point: the dr-verify-integrity step bound to the AWS adapters, once per cold start. */
export const handler = drVerifyIntegrity.bind(awsPortsFromEnv(), awsDrPortsFromEnv());

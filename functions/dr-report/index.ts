import { awsPortsFromEnv } from '../../src/adapters/aws/ports-from-env.ts';
import { awsDrPortsFromEnv } from '../../src/dr/aws-dr-ports.ts';
import { drReport } from './handler.ts';

/** The Lambda entry point: the dr-report step bound to the AWS adapters, once per cold start. */
export const handler = drReport.bind(awsPortsFromEnv(), awsDrPortsFromEnv());

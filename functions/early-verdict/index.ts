import { awsPortsFromEnv } from '../../src/adapters/aws/ports-from-env.ts';
import { earlyVerdictStep } from './handler.ts';

/** The Lambda entry point: the early verdict bound to the AWS adapters, once per cold start. */
export const handler = earlyVerdictStep.bind(awsPortsFromEnv());

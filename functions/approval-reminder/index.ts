import { awsPortsFromEnv } from '../../src/adapters/aws/ports-from-env.ts';
import { approvalReminder } from './handler.ts';

/** The Lambda entry point: the approval reminder bound to the AWS adapters, once per cold start. */
export const handler = approvalReminder.bind(awsPortsFromEnv());

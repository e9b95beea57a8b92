import { awsPortsFromEnv } from '../../src/adapters/aws/ports-from-env.ts';
import { alarmRelay } from './handler.ts';

/** The Lambda entry point: the alarm-relay step bound to the AWS adapters, once per cold start. */
export const handler = alarmRelay.bind(awsPortsFromEnv());

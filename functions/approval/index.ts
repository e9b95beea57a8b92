import { awsPorts } from '../../src/adapters/aws/aws-ports.ts';
import { snsNotifier } from '../../src/adapters/aws/ports/notifier.ts';
import { dynamoDbStore } from '../../src/adapters/aws/ports/store.ts';
import { approval } from './handler.ts';

/** The ports this step uses, and no others (lib/step-capabilities.ts): its bundle carries only their SDK clients. */
export const ports = awsPorts(process.env, { store: dynamoDbStore, notifier: snsNotifier });

/** The Lambda entry point: the approval step bound to the AWS adapters, once per cold start. */
export const handler = approval.bind(ports);

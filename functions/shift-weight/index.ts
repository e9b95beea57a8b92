import { awsPorts } from '../../src/adapters/aws/aws-ports.ts';
import { elbv2Router } from '../../src/adapters/aws/ports/router.ts';
import { dynamoDbStore } from '../../src/adapters/aws/ports/store.ts';
import { shiftWeight } from './handler.ts';

/** The ports this step uses, and no others (lib/step-capabilities.ts): its bundle carries only their SDK clients. */
export const ports = awsPorts(process.env, { store: dynamoDbStore, router: elbv2Router });

/** The Lambda entry point: the shift-weight step bound to the AWS adapters, once per cold start. */
export const handler = shiftWeight.bind(ports);

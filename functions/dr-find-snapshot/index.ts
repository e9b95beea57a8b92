import { awsPorts } from '../../src/adapters/aws/aws-ports.ts';
import { envConfig } from '../../src/adapters/aws/ports/config.ts';
import { dynamoDbStore } from '../../src/adapters/aws/ports/store.ts';
import { awsDrPortsFromEnv } from '../../src/dr/aws-dr-ports.ts';
import { drFindSnapshot } from './handler.ts';

/** The ports this step uses, and no others (lib/step-capabilities.ts): its bundle carries only their SDK clients. */
export const ports = awsPorts(process.env, { store: dynamoDbStore, config: envConfig });

/** The Lambda entry point: the dr-find-snapshot step bound to the AWS adapters, once per cold start. */
export const handler = drFindSnapshot.bind(ports, awsDrPortsFromEnv());

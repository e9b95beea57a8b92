import { awsPorts } from '../../src/adapters/aws/aws-ports.ts';
import { dynamoDbStore } from '../../src/adapters/aws/ports/store.ts';
import { RdsSnapshotCatalog } from '../../src/adapters/aws/rds-snapshot-catalog.ts';
import { snapshotRetention } from './handler.ts';

/** The ports this step uses, and no others (lib/step-capabilities.ts): its bundle carries only their SDK clients. */
export const ports = awsPorts(process.env, { store: dynamoDbStore });

/** The Lambda entry point: snapshot retention bound to the AWS adapters, once per cold start. */
export const handler = snapshotRetention.bind(ports, new RdsSnapshotCatalog());

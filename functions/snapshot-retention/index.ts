import { awsPortsFromEnv } from '../../src/adapters/aws/ports-from-env.ts';
import { RdsSnapshotCatalog } from '../../src/adapters/aws/rds-snapshot-catalog.ts';
import { snapshotRetention } from './handler.ts';

/** The Lambda entry point: snapshot retention bound to the AWS adapters, once per cold start. */
export const handler = snapshotRetention.bind(awsPortsFromEnv(), new RdsSnapshotCatalog());

import { awsPorts } from '../../src/adapters/aws/aws-ports.ts';
import { snsNotifier } from '../../src/adapters/aws/ports/notifier.ts';
import { rdsSnapshotRestore } from '../../src/adapters/aws/ports/rds.ts';
import { dynamoDbStore } from '../../src/adapters/aws/ports/store.ts';
import { restoreDatabase } from './handler.ts';

/** The ports this step uses, and no others (lib/step-capabilities.ts): its bundle carries only their SDK clients. */
export const ports = awsPorts(process.env, {
  store: dynamoDbStore,
  notifier: snsNotifier,
  restore: rdsSnapshotRestore,
});

/** The Lambda entry point: the rollback's snapshot restore bound to the AWS adapters, once per cold start. */
export const handler = restoreDatabase.bind(ports);

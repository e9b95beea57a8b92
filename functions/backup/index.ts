import { awsPorts } from '../../src/adapters/aws/aws-ports.ts';
import { awsLiveIntegrityReaderFromEnv } from '../../src/adapters/aws/live-integrity-reader.ts';
import { sfnCallbacks } from '../../src/adapters/aws/ports/callbacks.ts';
import { rdsSnapshots } from '../../src/adapters/aws/ports/rds.ts';
import { dynamoDbStore } from '../../src/adapters/aws/ports/store.ts';
import { backup } from './handler.ts';

/** The ports this step uses, and no others (lib/step-capabilities.ts): its bundle carries only their SDK clients. */
export const ports = awsPorts(process.env, {
  store: dynamoDbStore,
  callbacks: sfnCallbacks,
  snapshots: rdsSnapshots({ readLiveIntegrity: awsLiveIntegrityReaderFromEnv() }),
});

/**
 * The Lambda entry point: the backup step bound to the AWS adapters, once per cold start. With
 * the database secrets set, each snapshot is taken with its row counts and checksums recorded
 * (for the DR drill); this entry loads the SQL client for it, and no other does.
 */
export const handler = backup.bind(ports);

import { awsLiveIntegrityReaderFromEnv } from '../../src/adapters/aws/live-integrity-reader.ts';
import { awsPortsFromEnv } from '../../src/adapters/aws/ports-from-env.ts';
import { backup } from './handler.ts';

/**
 * The Lambda entry point: the backup step bound to the AWS adapters, once per cold start. With
 * the database secrets set, each snapshot is taken with its row counts and checksums recorded
 * (for the DR drill); this entry, not `awsPortsFromEnv`, loads the SQL client for it.
 */
export const handler = backup.bind(
  awsPortsFromEnv(process.env, { readLiveIntegrity: awsLiveIntegrityReaderFromEnv() }),
);

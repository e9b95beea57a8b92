import { Logger } from '@aws-lambda-powertools/logger';
import { RDSClient } from '@aws-sdk/client-rds';
import { systemClock } from '../../../ports/clock.ts';
import type { PortContext, PortFactory } from '../aws-ports.ts';
import { RdsSnapshotRestore } from '../rds-snapshot-restore.ts';
import { RdsSnapshots } from '../rds-snapshots.ts';
import { bestEffortIntegrityRecorder, type LiveIntegrityReader } from '../snapshot-integrity-recorder.ts';

const client = (context: PortContext) => context.shared('rds', () => new RDSClient(context.clientConfig));

/**
 * Snapshots of the bound databases. With `readLiveIntegrity` (Backup only), the row counts and
 * checksums read just before each snapshot are recorded with it (`live-integrity-reader.ts`).
 */
export const rdsSnapshots =
  (options: { readonly readLiveIntegrity?: LiveIntegrityReader } = {}): PortFactory<'snapshots'> =>
  (context) =>
  () => {
    const read = options.readLiveIntegrity;
    const logger = new Logger({ serviceName: 'greenlight' });
    return new RdsSnapshots({
      client: client(context),
      ...(read && {
        integrity: bestEffortIntegrityRecorder({
          read,
          store: context.port('store'),
          clock: systemClock,
          warn: (message, details) => logger.warn(message, details),
        }),
      }),
    });
  };

/** The approved rollback restore: a snapshot restored beside the database, then the rename-swap. */
export const rdsSnapshotRestore: PortFactory<'restore'> = (context) => () =>
  new RdsSnapshotRestore({ client: client(context) });

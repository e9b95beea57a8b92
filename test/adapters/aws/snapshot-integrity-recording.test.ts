import { CreateDBClusterSnapshotCommand, CreateDBSnapshotCommand, RDSClient } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { RdsSnapshots } from '../../../src/adapters/aws/rds-snapshots.ts';
import {
  bestEffortIntegrityRecorder,
  type LiveIntegrityReader,
} from '../../../src/adapters/aws/snapshot-integrity-recorder.ts';
import { MemoryStore } from '../../../src/adapters/memory/memory-store.ts';
import type { TableIntegrity } from '../../../src/dr/dr-ports.ts';
import { ConfigError } from '../../../src/errors.ts';
import type { Store } from '../../../src/ports/store.ts';
import { binding } from './binding-fixture.ts';
import { sdkError } from './sdk-error-fixtures.ts';

const rds = mockClient(RDSClient);
const nowMs = Date.UTC(2026, 0, 8, 22, 0, 0);
const figures: TableIntegrity[] = [
  { table: 'orders', rowCount: 12, checksum: '0cc175b9c0f1b6a831c399e269772661' },
  { table: 'users', rowCount: 3, checksum: '92eb5ffee6ae2fec3ad71c777531578f' },
];
const cluster = { ...binding, database: { id: 'shop-aurora', kind: 'cluster' as const } };

/** The RDS adapter with a recorder over `read` and `store`; `events` shows what happened in which order. */
function recordingSnapshots(
  read: LiveIntegrityReader,
  store: Pick<Store, 'putSnapshotIntegrity'> = new MemoryStore(),
) {
  const warnings: { message: string; details: Readonly<Record<string, unknown>> }[] = [];
  const snapshots = new RdsSnapshots({
    client: new RDSClient({ region: 'eu-west-1' }),
    integrity: bestEffortIntegrityRecorder({
      read,
      store,
      clock: { nowMs: () => nowMs },
      warn: (message, details) => warnings.push({ message, details }),
    }),
  });
  return { snapshots, warnings };
}

describe('Class: RdsSnapshots, recording the figures of each snapshot', () => {
  let events: string[];

  beforeEach(() => {
    rds.reset();
    events = [];
    rds.on(CreateDBSnapshotCommand).callsFake(() => {
      events.push('CreateDBSnapshot');
      return {};
    });
  });

  it('reads the figures before requesting the snapshot, and stores them under its id', async () => {
    // Prepare
    const store = new MemoryStore();
    const { snapshots, warnings } = recordingSnapshots(async (b) => {
      events.push(`read ${b.database.id}`);
      return figures;
    }, store);
    // Act
    await snapshots.createSnapshot(binding, 'greenlight-shop-production-d-1', {});
    // Assess
    expect(events).toEqual([`read ${binding.database.id}`, 'CreateDBSnapshot']);
    await expect(store.getSnapshotIntegrity('greenlight-shop-production-d-1')).resolves.toEqual({
      recordedAtMs: nowMs,
      tables: figures,
    });
    expect(warnings).toEqual([]);
  });

  it('records for an Aurora cluster snapshot too', async () => {
    // Prepare
    rds.on(CreateDBClusterSnapshotCommand).resolves({});
    const store = new MemoryStore();
    const { snapshots } = recordingSnapshots(async () => figures, store);
    // Act
    await snapshots.createSnapshot(cluster, 'gl-2', {});
    // Assess
    expect(rds.commandCalls(CreateDBClusterSnapshotCommand)).toHaveLength(1);
    expect((await store.getSnapshotIntegrity('gl-2'))?.tables).toEqual(figures);
  });

  it('still takes the snapshot when the figures cannot be read, records nothing and warns why', async () => {
    // Prepare
    const store = new MemoryStore();
    const { snapshots, warnings } = recordingSnapshots(async () => {
      throw new ConfigError('GREENLIGHT_DATABASE_SECRETS has no secret for service shop');
    }, store);
    // Act
    await snapshots.createSnapshot(binding, 'gl-1', { 'greenlight:deployment': 'd-1' });
    // Assess
    expect(events).toEqual(['CreateDBSnapshot']);
    expect(rds.commandCalls(CreateDBSnapshotCommand)[0]?.args[0].input.DBSnapshotIdentifier).toBe('gl-1');
    await expect(store.getSnapshotIntegrity('gl-1')).resolves.toBeNull();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toContain(
      `could not read the row counts and checksums of ${binding.database.id}`,
    );
    expect(warnings[0]?.message).toContain('the backup goes on');
    expect(warnings[0]?.details).toEqual({
      snapshotId: 'gl-1',
      error: 'ConfigError: GREENLIGHT_DATABASE_SECRETS has no secret for service shop',
    });
  });

  it('still succeeds when the figures cannot be stored, and warns why', async () => {
    // Prepare
    const failingStore: Pick<Store, 'putSnapshotIntegrity'> = {
      putSnapshotIntegrity: async () => {
        throw sdkError('AccessDeniedException', 400, 'not authorized to perform dynamodb:PutItem');
      },
    };
    const { snapshots, warnings } = recordingSnapshots(async () => figures, failingStore);
    // Act / Assess
    await expect(snapshots.createSnapshot(binding, 'gl-1', {})).resolves.toBeUndefined();
    expect(events).toEqual(['CreateDBSnapshot']);
    expect(warnings[0]?.message).toContain('could not store the row counts and checksums of snapshot gl-1');
    expect(warnings[0]?.details).toMatchObject({ snapshotId: 'gl-1', tables: 2 });
  });

  it('keeps the figures of the first attempt when a retried step finds the snapshot already taken', async () => {
    // Prepare
    const store = new MemoryStore();
    await store.putSnapshotIntegrity('gl-1', { recordedAtMs: 1, tables: figures });
    rds.on(CreateDBSnapshotCommand).rejects(sdkError('DBSnapshotAlreadyExistsFault', 400));
    const { snapshots, warnings } = recordingSnapshots(
      async () => [{ table: 'orders', rowCount: 99, checksum: 'later' }],
      store,
    );
    // Act
    await snapshots.createSnapshot(binding, 'gl-1', {});
    // Assess
    await expect(store.getSnapshotIntegrity('gl-1')).resolves.toEqual({ recordedAtMs: 1, tables: figures });
    expect(warnings).toEqual([]);
  });

  it('records nothing when RDS refuses the snapshot, and fails as before', async () => {
    // Prepare
    const store = new MemoryStore();
    rds.on(CreateDBSnapshotCommand).rejects(sdkError('InvalidDBInstanceStateFault', 400));
    const { snapshots } = recordingSnapshots(async () => figures, store);
    // Act / Assess
    await expect(snapshots.createSnapshot(binding, 'gl-1', {})).rejects.toThrow(
      'InvalidDBInstanceStateFault',
    );
    await expect(store.getSnapshotIntegrity('gl-1')).resolves.toBeNull();
  });

  it('without a recorder, only snapshots (a stack without database secrets)', async () => {
    // Act
    await new RdsSnapshots({ client: new RDSClient({ region: 'eu-west-1' }) }).createSnapshot(
      binding,
      'gl-1',
      {},
    );
    // Assess
    expect(events).toEqual(['CreateDBSnapshot']);
  });
});

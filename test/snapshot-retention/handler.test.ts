import { Logger } from '@aws-lambda-powertools/logger';
import { describe, expect, it } from 'vitest';
import { snapshotRetention } from '../../functions/snapshot-retention/handler.ts';
import { MemoryStore } from '../../src/adapters/memory/memory-store.ts';
import { AccessDeniedError, InvalidRequestError } from '../../src/errors.ts';
import { FakeSnapshotCatalog, tagged } from './fake-catalog.ts';

const nowMs = Date.parse('2026-03-10T00:00:00Z');
const clock = { nowMs: () => nowMs };
const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
const past = '2026-03-01T00:00:00.000Z';
const future = '2026-03-20T00:00:00.000Z';

function setup(catalog: FakeSnapshotCatalog, store = new MemoryStore()) {
  return snapshotRetention.bind({ clock, store }, catalog, { logger });
}

describe('Step: snapshot-retention', () => {
  it('deletes the expired snapshots and keeps the others, with reasons', async () => {
    // Prepare
    const catalog = new FakeSnapshotCatalog([
      tagged('old-1', past),
      tagged('new-1', future),
      tagged('old-2', past, { kind: 'cluster' }),
      {
        snapshotId: 'untagged-date',
        kind: 'instance',
        createdAtMs: 0,
        tags: { 'greenlight:deployment': 'd9' },
      },
    ]);
    // Act
    const result = await setup(catalog)({}, {} as never);
    // Assess
    expect(catalog.deleted).toEqual(['old-1', 'old-2']);
    expect(result.deleted.map((d) => [d.snapshotId, d.outcome])).toEqual([
      ['old-1', 'deleted'],
      ['old-2', 'deleted'],
    ]);
    expect(result.deleted[0]?.reason).toMatch(/retention ended 2026-03-01/);
    expect(result.kept.map((k) => k.snapshotId)).toEqual(['new-1', 'untagged-date']);
    expect(result.kept[1]?.reason).toMatch(/cannot be proven expired/);
    expect(result.failed).toEqual([]);
    expect(result.dryRun).toBe(false);
  });

  it('goes on after a failed deletion and reports it', async () => {
    const catalog = new FakeSnapshotCatalog(
      [tagged('a', past), tagged('b', past), tagged('c', past)],
      new Map([['b', new AccessDeniedError('DeleteDBSnapshot on b failed')]]),
    );
    const result = await setup(catalog)({}, {} as never);
    expect(catalog.deleted).toEqual(['a', 'c']);
    expect(result.failed).toEqual([
      expect.objectContaining({ snapshotId: 'b', error: 'AccessDeniedError: DeleteDBSnapshot on b failed' }),
    ]);
  });

  it('reports a snapshot deleted meanwhile as already gone', async () => {
    const catalog = new FakeSnapshotCatalog([tagged('a', past)]);
    catalog.deleteSnapshot = async () => 'not-found';
    const result = await setup(catalog)({}, {} as never);
    expect(result.deleted).toEqual([expect.objectContaining({ snapshotId: 'a', outcome: 'already-gone' })]);
  });

  it('deletes nothing on a dry run but says what would go', async () => {
    const catalog = new FakeSnapshotCatalog([tagged('a', past), tagged('b', future)]);
    const result = await setup(catalog)({ dryRun: true }, {} as never);
    expect(catalog.deleted).toEqual([]);
    expect(result).toMatchObject({ dryRun: true, deleted: [], failed: [] });
    expect(result.expired.map((e) => e.snapshotId)).toEqual(['a']);
  });

  it('narrows to a service', async () => {
    const catalog = new FakeSnapshotCatalog([tagged('a', past), tagged('b', past, { service: 'cart' })]);
    const result = await setup(catalog)({ service: 'cart' }, {} as never);
    expect(catalog.deleted).toEqual(['b']);
    expect(result.kept).toEqual([]);
  });

  it('keeps the snapshot of a deployment still running', async () => {
    // Prepare: d-run is running, d-done has finished.
    const store = new MemoryStore();
    const record = { service: 'shop', environment: 'prod', version: '1', startedAtMs: 0 };
    await store.putDeployment({ ...record, deploymentId: 'd-run', status: 'running' });
    await store.putDeployment({ ...record, deploymentId: 'd-done', status: 'succeeded' });
    const catalog = new FakeSnapshotCatalog([
      tagged('snap-run', past, { deploymentId: 'd-run' }),
      tagged('snap-done', past, { deploymentId: 'd-done' }),
    ]);
    // Act
    const result = await setup(catalog, store)({ environment: 'prod' }, {} as never);
    // Assess
    expect(catalog.deleted).toEqual(['snap-done']);
    expect(result.kept).toEqual([
      { snapshotId: 'snap-run', reason: 'deployment d-run is still running; its backup is kept' },
    ]);
  });

  it('fails when the listing fails, since nothing can be decided', async () => {
    const catalog = new FakeSnapshotCatalog([]);
    catalog.listGreenlightSnapshots = async () =>
      Promise.reject(new AccessDeniedError('DescribeDBSnapshots denied'));
    await expect(setup(catalog)({}, {} as never)).rejects.toBeInstanceOf(AccessDeniedError);
  });

  it.each([[{ dryRun: 'yes' }], [{ service: '' }], [{ extra: 1 }]])('rejects the event %j', async (event) => {
    await expect(setup(new FakeSnapshotCatalog([]))(event, {} as never)).rejects.toBeInstanceOf(
      InvalidRequestError,
    );
  });
});

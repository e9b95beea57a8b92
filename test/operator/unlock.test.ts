import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/adapters/memory/memory-store.ts';
import type { OwnerExecutionStatus } from '../../src/core/unlock-decision.ts';
import { answerUnlockRequest } from '../../src/local-world/audit-api-server.ts';
import { OperatorStateError } from '../../src/operator/operator-errors.ts';
import { unlock } from '../../src/operator/unlock.ts';

function storeHoldingLock(): MemoryStore {
  const store = new MemoryStore();
  store.locks.set('shop#local', {
    key: 'shop#local',
    owner: 'deploy-1',
    executionId: 'arn:aws:states:local:000000000000:execution:greenlight-deploy:deploy-1',
    acquiredAtMs: 0,
  });
  return store;
}

const request = {
  service: 'shop',
  environment: 'local',
  reason: 'the world was killed mid-bake; traffic checked: all on blue',
  by: 'alice',
};
const depsFor = (store: MemoryStore, status: OwnerExecutionStatus) => ({
  store,
  executionStatus: async () => status,
  nowMs: () => 1_000,
});

describe('Operation: unlock', () => {
  it('releases the lock of an ended execution and records who did it, and why', async () => {
    const store = storeHoldingLock();
    const result = await unlock(depsFor(store, 'ABORTED'), request);
    expect(result).toMatchObject({ key: 'shop#local', owner: 'deploy-1', ownerStatus: 'ABORTED' });
    expect(await store.readLock('shop#local')).toBeNull();
    expect(await store.listAudit('deploy-1')).toEqual([
      {
        atMs: 1_000,
        type: 'lock.released',
        detail: { by: 'alice', reason: request.reason, byHand: true, ownerStatus: 'ABORTED' },
      },
    ]);
  });

  it('refuses while the owning execution runs, and changes nothing', async () => {
    const store = storeHoldingLock();
    await expect(unlock(depsFor(store, 'RUNNING'), request)).rejects.toBeInstanceOf(OperatorStateError);
    expect((await store.readLock('shop#local'))?.owner).toBe('deploy-1');
    expect(await store.listAudit('deploy-1')).toEqual([]);
  });
});

describe('Route: POST /locks/unlock (greenlight serve)', () => {
  const route = (store: MemoryStore, status: OwnerExecutionStatus) => (r: typeof request) =>
    unlock(depsFor(store, status), r);

  it('answers 200 with what it released', async () => {
    const answer = await answerUnlockRequest(route(storeHoldingLock(), 'FAILED'), JSON.stringify(request));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ unlocked: { owner: 'deploy-1' } });
  });

  it('answers 409 with the reason when the unlock is refused', async () => {
    const answer = await answerUnlockRequest(route(storeHoldingLock(), 'RUNNING'), JSON.stringify(request));
    expect(answer.status).toBe(409);
    expect(JSON.stringify(answer.body)).toContain('stop it instead');
  });

  it.each([
    ['not json', 'expected a JSON body'],
    [JSON.stringify({ service: 'shop' }), 'missing environment, reason, by'],
  ])('answers 400 to %s', async (body, says) => {
    const answer = await answerUnlockRequest(route(storeHoldingLock(), 'FAILED'), body);
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toContain(says);
  });

  it('answers 405 when the audit API was started without the operation', async () => {
    expect((await answerUnlockRequest(undefined, '{}')).status).toBe(405);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../src/adapters/memory/memory-store.ts';
import { readAuditRecord } from '../../../src/audit/audit-record.ts';
import { ServiceUnavailableError } from '../../../src/errors.ts';
import {
  answerAuditRequest,
  type RunningAuditApi,
  startAuditApi,
} from '../../../src/local-world/audit-api-server.ts';
import { httpAuditReader } from '../../../src/operator/http-audit-reader.ts';

async function storeWithTwoDeployments() {
  const store = new MemoryStore();
  const base = { version: '1.0.0', status: 'succeeded' as const };
  await store.putDeployment({
    deploymentId: 'shop/1',
    service: 'shop',
    environment: 'prod',
    startedAtMs: 1,
    ...base,
  });
  await store.putDeployment({
    deploymentId: 'cart-1',
    service: 'cart',
    environment: 'prod',
    startedAtMs: 2,
    ...base,
  });
  await store.appendAudit('shop/1', { atMs: 5, type: 'backup.verified', detail: { snapshotId: 'snap-1' } });
  return store;
}

describe('the audit API of greenlight serve', () => {
  let store: MemoryStore;
  let api: RunningAuditApi;

  beforeAll(async () => {
    store = await storeWithTwoDeployments();
    api = await startAuditApi({ store });
  });
  afterAll(() => api.close());

  it('reads the same records and events over HTTP as the store holds', async () => {
    // Act
    const reader = httpAuditReader(api.url);
    // Assess
    expect((await reader.listDeployments({})).map((d) => d.deploymentId)).toEqual(['cart-1', 'shop/1']);
    expect((await reader.listDeployments({ service: 'shop' })).map((d) => d.deploymentId)).toEqual([
      'shop/1',
    ]);
    expect(await reader.listDeployments({ environment: 'dev' })).toEqual([]);
    expect(await readAuditRecord(reader, 'shop/1')).toEqual(await readAuditRecord(store, 'shop/1'));
    expect(await reader.getDeployment('nope')).toBeNull();
    expect(await reader.listAudit('nope')).toEqual([]);
  });

  it.each([
    ['POST', '/deployments', 405, /read-only/],
    ['DELETE', '/deployments/shop%2F1', 405, /read-only/],
    ['GET', '/approvals', 404, /unknown path \/approvals/],
    ['GET', '/deployments/shop-1/events', 404, /unknown path/],
    ['GET', '/deployments/%E0%A4%A', 400, /malformed path/],
    ['GET', '/deployments/nope', 404, /no deployment record nope/],
  ])('answers %s %s with %i and says why', async (method, path, status, error) => {
    const before = JSON.stringify([...store.deployments, ...store.audits]);
    const answer = await answerAuditRequest(store, method, new URL(path, 'http://localhost'));
    expect(answer.status).toBe(status);
    expect((answer.body as { error: string }).error).toMatch(error);
    expect(JSON.stringify([...store.deployments, ...store.audits])).toBe(before);
  });

  it('explains an audit API it cannot reach', async () => {
    await expect(httpAuditReader('http://127.0.0.1:9').listDeployments({})).rejects.toThrow(
      ServiceUnavailableError,
    );
    await expect(httpAuditReader('http://127.0.0.1:9').listDeployments({})).rejects.toThrow(
      /could not reach the audit API at http:\/\/127\.0\.0\.1:9.*GREENLIGHT_AUDIT_URL/,
    );
  });
});

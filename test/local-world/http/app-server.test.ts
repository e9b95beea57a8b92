import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openPglite } from '../../../src/db/engine/pglite-database.ts';
import type { SqlDatabase } from '../../../src/db/engine/sql-database.ts';
import { ConfigError } from '../../../src/errors.ts';
import { createVirtualClock, type VirtualClock } from '../../../src/local-world/clock/virtual-clock.ts';
import { countOrders } from '../../../src/local-world/db/app-schema.ts';
import {
  type AppServer,
  type AppServerOptions,
  startAppServer,
} from '../../../src/local-world/http/app-server.ts';

describe('startAppServer', () => {
  let db: SqlDatabase;
  let clock: VirtualClock;
  const servers: AppServer[] = [];
  const start = async (options: Partial<AppServerOptions> = {}) => {
    const server = await startAppServer({ colour: 'green', version: 'v2', db, clock, ...options });
    servers.push(server);
    return server;
  };

  beforeAll(async () => {
    db = await openPglite();
  });
  beforeEach(() => {
    clock = createVirtualClock();
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
    clock.close();
  });
  afterAll(() => db.close());

  it.each(['/health', '/health/ready', '/health/live', '/health/db'])(
    'answers %s with 200 and who it is',
    async (path) => {
      const server = await start();

      const response = await fetch(`${server.url}${path}`);

      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok', colour: 'green', version: 'v2' });
      expect(response.headers.get('x-colour')).toBe('green');
      expect(response.headers.get('x-version')).toBe('v2');
    },
  );

  it('writes an order to the database and reads it back', async () => {
    const server = await start();
    const before = await countOrders(db);

    const created = await fetch(`${server.url}/orders`, {
      method: 'POST',
      body: JSON.stringify({ item: 'book' }),
    });
    const { id } = (await created.json()) as { id: number };
    const read = await fetch(`${server.url}/orders/${id}`);

    expect(created.status).toBe(201);
    expect(await read.json()).toMatchObject({ id, colour: 'green', version: 'v2', item: 'book' });
    expect(await countOrders(db)).toBe(before + 1);
    expect(server.stats()).toMatchObject({ appRequests: 2, ordersCreated: 1, serverErrors: 0 });
  });

  it.each([
    { method: 'POST', path: '/orders', body: '{"nope":1}', status: 400 },
    { method: 'GET', path: '/orders/999999', body: undefined, status: 404 },
    { method: 'GET', path: '/nowhere', body: undefined, status: 404 },
    { method: 'GET', path: '/', body: undefined, status: 200 },
  ])('answers $method $path with $status', async ({ method, path, body, status }) => {
    const server = await start();

    const response = await fetch(`${server.url}${path}`, { method, body });

    expect(response.status).toBe(status);
    expect(response.headers.get('x-version')).toBe('v2');
  });

  it('fails a seeded share of requests with real 500s, the same requests for the same ids', async () => {
    // Prepare: requests name themselves, as the load generator's do.
    const statuses = async (seed: number) => {
      const server = await start({ faults: { errorRate: 0.3 }, seed });
      const result: number[] = [];
      for (let i = 0; i < 200; i += 1) {
        result.push((await fetch(`${server.url}/`, { headers: { 'x-request-id': `r${i}` } })).status);
      }
      return result;
    };

    // Act
    const first = await statuses(42);
    const again = await statuses(42);
    const otherSeed = await statuses(43);

    // Assess
    const failures = first.filter((status) => status === 500).length;
    expect(failures).toBeGreaterThan(40);
    expect(failures).toBeLessThan(80);
    expect(again).toEqual(first);
    expect(otherSeed).not.toEqual(first);
    expect(first.every((status) => status === 200 || status === 500)).toBe(true);
  });

  it('takes about the configured latency in world time, the same for the same request id', async () => {
    const server = await start({ faults: { latencyMs: 120 } });
    const worldMs = async (id: string) => {
      const startedAt = clock.nowMs();
      const response = await fetch(`${server.url}/`, { headers: { 'x-request-id': id } });
      expect(response.status).toBe(200);
      return clock.nowMs() - startedAt;
    };

    const times = [];
    for (let i = 0; i < 50; i++) times.push(await worldMs(`r${i}`));

    expect(Math.min(...times)).toBeGreaterThan(60);
    expect(Math.max(...times)).toBeLessThan(240);
    expect(new Set(times).size).toBeGreaterThan(10); // spread, not one fixed delay
    expect(await worldMs('r7')).toBe(times[7]);
  });

  it('answers 503 on every health endpoint when never healthy, while still serving', async () => {
    const server = await start({ faults: { neverHealthy: true } });

    const health = await Promise.all(
      ['/health', '/health/ready', '/health/live', '/health/db'].map((path) => fetch(`${server.url}${path}`)),
    );
    const app = await fetch(`${server.url}/`);

    expect(health.map((r) => r.status)).toEqual([503, 503, 503, 503]);
    expect(await health[0]!.json()).toMatchObject({ status: 'unavailable', colour: 'green', version: 'v2' });
    expect(app.status).toBe(200);
  });

  it('is not ready until slowStartMs has passed', async () => {
    const server = await start({ faults: { slowStartMs: 5_000 } });

    const early = await fetch(`${server.url}/health/ready`);
    const live = await fetch(`${server.url}/health/live`);
    await clock.sleep(5_000);
    const later = await fetch(`${server.url}/health/ready`);

    expect([early.status, live.status, later.status]).toEqual([503, 200, 200]);
  });

  it('fails every app request once failAfterMs has passed, with health still passing', async () => {
    const server = await start({ faults: { failAfterMs: 10_000 } });

    const before = await fetch(`${server.url}/`);
    await clock.sleep(10_000);
    const after = await fetch(`${server.url}/`);
    const health = await fetch(`${server.url}/health`);

    expect([before.status, after.status, health.status]).toEqual([200, 500, 200]);
    expect(server.stats().serverErrors).toBe(1);
  });

  it('drops connections while crashed and serves again once restarted', async () => {
    const server = await start();

    server.setFaults({ crash: true });
    const crashed = await fetch(`${server.url}/health`).then(
      (response) => response.status,
      (error: Error) => error.message,
    );
    server.setFaults({ crash: false });
    const restarted = await fetch(`${server.url}/health`);

    expect(crashed).toBe('fetch failed');
    expect(restarted.status).toBe(200);
  });

  it('reports /health/db as 503 when the database fails', async () => {
    const broken: SqlDatabase = {
      ...db,
      kind: 'pglite',
      query: () => Promise.reject(new Error('connection lost')),
    };
    const server = await start({ db: { ...broken, exec: () => Promise.resolve() } });

    const response = await fetch(`${server.url}/health/db`);

    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ reason: 'database unreachable: connection lost' });
  });

  it('reports the version it is told', async () => {
    const server = await start();

    server.setVersion('v3');
    const response = await fetch(`${server.url}/`);

    expect(response.headers.get('x-version')).toBe('v3');
  });

  it.each([{ errorRate: 1.5 }, { latencyMs: -1 }, { failAfterMs: Number.NaN }])(
    'rejects bad faults %j',
    async (faults) => {
      await expect(start({ faults })).rejects.toBeInstanceOf(ConfigError);
    },
  );
});

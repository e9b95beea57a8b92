import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.ts';
import { allOrderIds } from '../../../src/local-world/db/app-schema.ts';
import { openPglite } from '../../../src/local-world/db/pglite-database.ts';
import type { SqlDatabase } from '../../../src/local-world/db/sql-database.ts';
import { startAppServer } from '../../../src/local-world/http/app-server.ts';
import { isWrite, percentile } from '../../../src/local-world/http/latency-stats.ts';
import { startLoad } from '../../../src/local-world/http/load-generator.ts';
import { startRouter } from '../../../src/local-world/http/weighted-router.ts';

describe('percentile', () => {
  it.each([
    { values: [], p: 95, expected: 0 },
    { values: [5], p: 95, expected: 5 },
    { values: Array.from({ length: 100 }, (_, i) => i + 1), p: 95, expected: 95 },
    { values: [30, 10, 20], p: 50, expected: 20 },
  ])('p$p of $values.length values is $expected', ({ values, p, expected }) => {
    expect(percentile(values, p)).toBe(expected);
  });
});

describe('isWrite', () => {
  it.each([
    { ratio: 0, writes: 0 },
    { ratio: 0.25, writes: 25 },
    { ratio: 0.5, writes: 50 },
    { ratio: 1, writes: 100 },
  ])('makes exactly $writes writes of 100 at ratio $ratio', ({ ratio, writes }) => {
    expect(Array.from({ length: 100 }, (_, i) => isWrite(i, ratio)).filter(Boolean)).toHaveLength(writes);
  });
});

describe('startLoad', () => {
  let db: SqlDatabase;
  const closers: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    db = await openPglite();
  });
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });
  afterAll(() => db.close());

  it('records every response of a ~1 s run at 200 rps and counts failures by colour', async () => {
    const blue = await startAppServer({ colour: 'blue', version: 'v1', db });
    const green = await startAppServer({ colour: 'green', version: 'v2', db, faults: { errorRate: 1 } });
    const router = await startRouter({
      targets: { blue: blue.url, green: green.url },
      weights: { blue: 50, green: 50 },
    });
    closers.push(
      () => router.close(),
      () => blue.close(),
      () => green.close(),
    );
    const seen: number[] = [];

    // Not 0.5: alternating writes against a 50/50 round-robin would send every write to green.
    const load = startLoad({
      url: router.productionUrl,
      rps: 200,
      writeRatio: 0.3,
      onResponse: () => seen.push(1),
    });
    closers.push(() => load.stop());
    await sleep(1_000);
    const summary = await load.stop();
    const results = load.results();

    const byColour = {
      blue: results.filter((r) => r.colour === 'blue'),
      green: results.filter((r) => r.colour === 'green'),
    };
    expect(summary.sent).toBeGreaterThanOrEqual(150);
    expect(results).toHaveLength(summary.sent);
    expect(seen).toHaveLength(summary.sent);
    expect(summary.dropped).toBe(0);
    expect(summary.failedByColour).toEqual({ blue: 0, green: byColour.green.length, unknown: 0 });
    expect(summary.failed).toBe(byColour.green.length);
    expect(summary.succeeded).toBe(byColour.blue.length);
    expect(byColour.green.every((r) => r.status === 500)).toBe(true);
    expect(Math.abs(byColour.blue.length - byColour.green.length)).toBeLessThanOrEqual(1);
    expect(summary.p95Ms).toBeGreaterThan(0);
    // Every acknowledged write is in the database, and only blue acknowledged any.
    const stored = new Set(await allOrderIds(db));
    expect(summary.writesAcknowledged.length).toBeGreaterThan(0);
    expect(summary.writesAcknowledged.every((id) => stored.has(id))).toBe(true);
    expect(byColour.blue.filter((r) => r.method === 'POST').map((r) => r.orderId)).toEqual(
      summary.writesAcknowledged,
    );
  });

  it('counts network errors as failures of unknown colour', async () => {
    const target = await startAppServer({ colour: 'blue', version: 'v1', db });
    await target.close();

    const load = startLoad({ url: target.url, rps: 100, timeoutMs: 500 });
    await sleep(200);
    const summary = await load.stop();

    expect(summary.sent).toBeGreaterThan(0);
    expect(summary.failedByColour).toEqual({ blue: 0, green: 0, unknown: summary.sent });
    expect(load.results().every((r) => r.status === null && r.error === 'ECONNREFUSED')).toBe(true);
  });

  it.each([{ rps: 0 }, { rps: 10, writeRatio: 2 }])('rejects %j', (bad) => {
    expect(() => startLoad({ url: 'http://127.0.0.1:1', ...bad })).toThrow(ConfigError);
  });
});

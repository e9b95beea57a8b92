import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { percentile } from '../../../src/core/percentile.ts';
import { openPglite } from '../../../src/db/engine/pglite-database.ts';
import type { SqlDatabase } from '../../../src/db/engine/sql-database.ts';
import { ConfigError } from '../../../src/errors.ts';
import { createVirtualClock, type VirtualClock } from '../../../src/local-world/clock/virtual-clock.ts';
import { allOrderIds } from '../../../src/local-world/db/app-schema.ts';
import { startAppServer } from '../../../src/local-world/http/app-server.ts';
import { isWrite } from '../../../src/local-world/http/latency-stats.ts';
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
  let clock: VirtualClock;
  const closers: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    db = await openPglite();
  });
  beforeEach(() => {
    clock = createVirtualClock({ startMs: 0 });
  });
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });
  afterAll(() => db.close());

  it('sends rps × world seconds real requests, records every response and counts failures by colour', async () => {
    const blue = await startAppServer({
      colour: 'blue',
      version: 'v1',
      db,
      clock,
      faults: { latencyMs: 20 },
    });
    const green = await startAppServer({
      colour: 'green',
      version: 'v2',
      db,
      clock,
      faults: { errorRate: 1, latencyMs: 20 },
    });
    const router = await startRouter({
      targets: { blue: blue.url, green: green.url },
      weights: { blue: 50, green: 50 },
      clock,
    });
    closers.push(
      () => router.close(),
      () => blue.close(),
      () => green.close(),
    );
    const seen: number[] = [];

    const load = startLoad({
      url: router.productionUrl,
      rps: 200,
      writeRatio: 0.3,
      clock,
      onResponse: () => seen.push(1),
    });
    closers.push(() => load.stop());
    await clock.sleep(10_000);
    const summary = await load.stop();
    const results = load.results();

    const byColour = {
      blue: results.filter((r) => r.colour === 'blue'),
      green: results.filter((r) => r.colour === 'green'),
    };
    expect(summary.sent).toBe(2_000);
    expect(summary.scheduled).toBe(2_000);
    expect(summary.worldSeconds).toBe(10);
    expect(results).toHaveLength(summary.sent);
    expect(seen).toHaveLength(summary.sent);
    expect(summary.notSent).toBe(0);
    expect(summary.failedByColour).toEqual({ blue: 0, green: byColour.green.length, unknown: 0 });
    expect(summary.failed).toBe(byColour.green.length);
    expect(summary.succeeded).toBe(byColour.blue.length);
    expect(byColour.green.every((r) => r.status === 500)).toBe(true);
    // The router draws each request's colour from its id: about half each, the same every run.
    expect(Math.abs(byColour.blue.length - byColour.green.length)).toBeLessThan(200);
    expect(summary.p95Ms).toBeGreaterThan(20);
    expect(summary.p95Ms).toBeLessThan(40);
    // Every acknowledged write is in the database, and only blue acknowledged any.
    const stored = new Set(await allOrderIds(db));
    expect(summary.writesAcknowledged.length).toBeGreaterThan(0);
    expect(summary.writesAcknowledged.every((id) => stored.has(id))).toBe(true);
    expect(byColour.blue.filter((r) => r.method === 'POST').map((r) => r.orderId)).toEqual(
      summary.writesAcknowledged,
    );
  });

  it('counts network errors as failures of unknown colour', async () => {
    const target = await startAppServer({ colour: 'blue', version: 'v1', db, clock });
    await target.close();

    const load = startLoad({ url: target.url, rps: 100, timeoutMs: 500, clock });
    await clock.sleep(2_000);
    const summary = await load.stop();

    expect(summary.sent).toBeGreaterThan(0);
    expect(summary.failedByColour).toEqual({ blue: 0, green: 0, unknown: summary.sent });
    expect(load.results().every((r) => r.status === null && r.error === 'ECONNREFUSED')).toBe(true);
  });

  it('times a request out after timeoutMs of world time, counted as a failure', async () => {
    // Prepare: a target that takes a world minute.
    const slow = await startAppServer({
      colour: 'blue',
      version: 'v1',
      db,
      clock,
      faults: { latencyMs: 60_000 },
    });
    closers.push(() => slow.close());
    const load = startLoad({ url: slow.url, rps: 1, timeoutMs: 5_000, clock });
    // Act
    await clock.sleep(2_500);
    const summary = await load.stop();
    // Assess
    expect(summary.sent).toBe(2);
    expect(load.results().map((r) => [r.status, r.latencyMs])).toEqual([
      [null, 5_000],
      [null, 5_000],
    ]);
    expect(summary.failedByColour.unknown).toBe(2);
  });

  it.each([{ rps: 0 }, { rps: 10, writeRatio: 2 }])('rejects %j', (bad) => {
    expect(() => startLoad({ url: 'http://127.0.0.1:1', clock, ...bad })).toThrow(ConfigError);
  });
});

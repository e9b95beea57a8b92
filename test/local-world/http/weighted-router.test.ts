import { afterEach, describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../../src/errors.ts';
import { createVirtualClock } from '../../../src/local-world/clock/virtual-clock.ts';
import {
  type RoutedRequest,
  type Router,
  type RouterOptions,
  startRouter,
} from '../../../src/local-world/http/weighted-router.ts';
import { smoothRoundRobin } from '../../../src/local-world/http/weights.ts';
import { worldFetch } from '../../../src/local-world/http/world-fetch.ts';
import { startStubTarget } from './stub-target.ts';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function world(options: Partial<RouterOptions> = {}) {
  const clock = createVirtualClock({ startMs: 0 });
  const blue = await startStubTarget('blue', 200, clock);
  const green = await startStubTarget('green', 200, clock);
  const routed: RoutedRequest[] = [];
  const router = await startRouter({
    targets: { blue: blue.url, green: green.url },
    onRequest: (r) => routed.push(r),
    clock,
    ...options,
  });
  closers.push(
    () => router.close(),
    () => blue.close(),
    () => green.close(),
  );
  return { router, blue, green, routed, clock };
}

async function colourOf(url: string, requestId?: string): Promise<string | null> {
  const response = await fetch(
    url,
    requestId === undefined ? {} : { headers: { 'x-request-id': requestId } },
  );
  await response.arrayBuffer();
  return response.headers.get('x-colour');
}

/** Sends `requests` requests one after the other; with `named`, each carries an id (as the load's do). */
async function split(router: Router, requests: number, named = false) {
  const counts = { blue: 0, green: 0 };
  for (let i = 0; i < requests; i += 1)
    counts[(await colourOf(router.productionUrl, named ? `r${i}` : undefined)) as 'blue' | 'green'] += 1;
  return counts;
}

describe('smoothRoundRobin', () => {
  it.each([
    { weights: { blue: 3, green: 1 }, picks: ['blue', 'blue', 'green', 'blue'] },
    { weights: { blue: 1, green: 1 }, picks: ['blue', 'green', 'blue', 'green'] },
    { weights: { blue: 0, green: 5 }, picks: ['green', 'green', 'green', 'green'] },
  ])('spreads $weights as $picks', ({ weights, picks }) => {
    const pick = smoothRoundRobin(weights);

    expect(picks.map(() => pick())).toEqual(picks);
  });
});

describe('startRouter', () => {
  it.each([
    { weights: { blue: 90, green: 10 }, expected: { blue: 90, green: 10 } },
    { weights: { blue: 50, green: 50 }, expected: { blue: 50, green: 50 } },
    { weights: { blue: 0, green: 100 }, expected: { blue: 0, green: 100 } },
    { weights: { blue: 999, green: 1 }, expected: { blue: 100, green: 0 } },
  ])('splits 100 requests $weights as $expected', async ({ weights, expected }) => {
    const { router, routed } = await world({ weights });

    const counts = await split(router, 100);

    expect(counts).toEqual(expected);
    expect(routed.filter((r) => r.outcome.status === 200)).toHaveLength(100);
  });

  it('sends a named request where its id and the seed say, whatever order requests arrive in', async () => {
    // Prepare
    const first = await world({ weights: { blue: 70, green: 30 }, seed: 7 });
    const second = await world({ weights: { blue: 70, green: 30 }, seed: 7 });
    const other = await world({ weights: { blue: 70, green: 30 }, seed: 8 });
    const colours = async (router: Router, ids: readonly string[]) =>
      Promise.all(ids.map((id) => colourOf(router.productionUrl, id)));
    const ids = Array.from({ length: 200 }, (_, i) => `r${i}`);

    // Act: in order once, all at once (any order) the second time.
    const inOrder: (string | null)[] = [];
    for (const id of ids) inOrder.push(await colourOf(first.router.productionUrl, id));
    const concurrent = await colours(second.router, ids);
    const otherSeed = await colours(other.router, ids);

    // Assess
    expect(concurrent).toEqual(inOrder);
    expect(otherSeed).not.toEqual(inOrder);
    const green = inOrder.filter((c) => c === 'green').length;
    expect(green).toBeGreaterThan(40);
    expect(green).toBeLessThan(80);
  });

  it('reads back the weights it was set', async () => {
    const { router } = await world();

    await router.setWeights({ blue: 80, green: 20 });

    expect(await router.readWeights()).toEqual({ blue: 80, green: 20 });
  });

  it.each([
    [{ blue: 1000, green: 0 }, 'integers from 0 to 999'],
    [{ blue: 1.5, green: 10 }, 'bad: blue'],
    [{ blue: -1, green: 10 }, 'bad: blue'],
    [{ blue: 0, green: 0 }, 'cannot both be 0'],
  ])('rejects weights %j with a clear message and keeps the old ones', async (weights, message) => {
    const { router } = await world({ weights: { blue: 100, green: 0 } });

    const attempt = router.setWeights(weights);

    await expect(attempt).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(attempt).rejects.toThrow(message);
    expect(await router.readWeights()).toEqual({ blue: 100, green: 0 });
  });

  it('drains: a slow request to blue completes after blue goes to 0, and no new request goes to blue', async () => {
    const { router, routed, clock } = await world({ weights: { blue: 100, green: 0 } });
    // Sent as work of the world, so the world waits for it to arrive.
    const slow = worldFetch(clock)(`${router.productionUrl}/?delayMs=300`);
    await clock.until(() => router.inFlight().blue === 1, 'the slow request is in flight');

    await router.setWeights({ blue: 0, green: 100 });
    let drained = false;
    void router.drained('blue').then(() => {
      drained = true;
    });
    // Ten more requests as one piece of work: world time stands still meanwhile.
    const { during, stillDraining } = await clock.track('ten requests', async () => {
      const counts = await split(router, 10);
      return { during: counts, stillDraining: { inFlight: router.inFlight().blue, drained } };
    });
    const slowResponse = await slow;
    await router.drained('blue');

    expect(slowResponse.status).toBe(200);
    expect(slowResponse.headers.get('x-colour')).toBe('blue');
    expect(during).toEqual({ blue: 0, green: 10 });
    expect(stillDraining).toEqual({ inFlight: 1, drained: false });
    expect(router.inFlight()).toEqual({ blue: 0, green: 0 });
    expect(routed.filter((r) => r.colour === 'blue').map((r) => r.outcome.status)).toEqual([200]);
  });

  it('sends the test listener to its colour whatever the weights', async () => {
    const { router, routed } = await world({ weights: { blue: 100, green: 0 }, testListenerColour: 'green' });

    const before = await colourOf(router.testUrl);
    router.setTestListenerColour('blue');
    const after = await colourOf(router.testUrl);

    expect([before, after]).toEqual(['green', 'blue']);
    expect(routed.map((r) => r.listener)).toEqual(['test', 'test']);
  });

  it('answers 502 and reports it when the target is unreachable', async () => {
    const { router, routed, green } = await world({ weights: { blue: 0, green: 100 } });
    await green.close();

    const response = await fetch(router.productionUrl);

    expect(response.status).toBe(502);
    expect(routed).toEqual([
      expect.objectContaining({
        colour: 'green',
        outcome: expect.objectContaining({
          status: 502,
          kind: 'connection-error',
          error: expect.stringContaining('unreachable'),
        }),
      }),
    ]);
  });

  it('answers 504 when the target does not answer in time, in world time', async () => {
    const { router, routed } = await world({ proxyTimeoutMs: 50 });

    const response = await fetch(`${router.productionUrl}/?delayMs=500`);

    expect(response.status).toBe(504);
    expect(routed[0]).toMatchObject({
      colour: 'blue',
      outcome: { status: 504, kind: 'timeout' },
      latencyMs: 50,
    });
  });
});

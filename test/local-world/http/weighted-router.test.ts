import { afterEach, describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../../src/errors.ts';
import {
  type RoutedRequest,
  type Router,
  type RouterOptions,
  startRouter,
} from '../../../src/local-world/http/weighted-router.ts';
import { smoothRoundRobin } from '../../../src/local-world/http/weights.ts';
import { startStubTarget } from './stub-target.ts';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function world(options: Partial<RouterOptions> = {}) {
  const blue = await startStubTarget('blue');
  const green = await startStubTarget('green');
  const routed: RoutedRequest[] = [];
  const router = await startRouter({
    targets: { blue: blue.url, green: green.url },
    onRequest: (r) => routed.push(r),
    ...options,
  });
  closers.push(
    () => router.close(),
    () => blue.close(),
    () => green.close(),
  );
  return { router, blue, green, routed };
}

async function colourOf(url: string): Promise<string | null> {
  const response = await fetch(url);
  await response.arrayBuffer();
  return response.headers.get('x-colour');
}

async function split(router: Router, requests: number) {
  const counts = { blue: 0, green: 0 };
  for (let i = 0; i < requests; i += 1)
    counts[(await colourOf(router.productionUrl)) as 'blue' | 'green'] += 1;
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
    expect(routed.filter((r) => r.status === 200)).toHaveLength(100);
  });

  it('repeats the same split for the same seed (random picks)', async () => {
    const first = await world({ weights: { blue: 70, green: 30 }, seed: 7 });
    const second = await world({ weights: { blue: 70, green: 30 }, seed: 7 });

    const a = await split(first.router, 60);
    const b = await split(second.router, 60);

    expect(a).toEqual(b);
    expect(a.blue + a.green).toBe(60);
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
    const { router, routed } = await world({ weights: { blue: 100, green: 0 } });
    const slow = fetch(`${router.productionUrl}/?delayMs=300`);
    while (router.inFlight().blue === 0) await new Promise((resolve) => setTimeout(resolve, 5));

    await router.setWeights({ blue: 0, green: 100 });
    let drained = false;
    void router.drained('blue').then(() => {
      drained = true;
    });
    const during = await split(router, 10);
    const stillDraining = { inFlight: router.inFlight().blue, drained };
    const slowResponse = await slow;
    await router.drained('blue');

    expect(slowResponse.status).toBe(200);
    expect(slowResponse.headers.get('x-colour')).toBe('blue');
    expect(during).toEqual({ blue: 0, green: 10 });
    expect(stillDraining).toEqual({ inFlight: 1, drained: false });
    expect(router.inFlight()).toEqual({ blue: 0, green: 0 });
    expect(routed.filter((r) => r.colour === 'blue').map((r) => r.status)).toEqual([200]);
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
        status: 502,
        error: expect.stringContaining('unreachable'),
      }),
    ]);
  });

  it('answers 504 when the target does not answer in time', async () => {
    const { router, routed } = await world({ proxyTimeoutMs: 50 });

    const response = await fetch(`${router.productionUrl}/?delayMs=500`);

    expect(response.status).toBe(504);
    expect(routed[0]).toMatchObject({ colour: 'blue', status: 504 });
  });
});

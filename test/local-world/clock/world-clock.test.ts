import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.ts';
import { createManualClock } from '../../../src/local-world/clock/manual-clock.ts';
import { createWallClock } from '../../../src/local-world/clock/wall-clock.ts';

describe('Function: createWallClock', () => {
  it('runs world time timeScale times faster than the injected real time', () => {
    // Prepare
    let realMs = 1_000;
    const clock = createWallClock({ timeScale: 60, startMs: 5_000_000, realNow: () => realMs });
    // Act
    realMs += 1_500;
    // Assess
    expect(clock.nowMs()).toBe(5_000_000 + 90_000);
  });

  it('starts at the real time when no startMs is given', () => {
    const clock = createWallClock({ timeScale: 2, realNow: () => 42 });
    expect(clock.nowMs()).toBe(42);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])(
    'throws a ConfigError for timeScale %d',
    (timeScale) => {
      expect(() => createWallClock({ timeScale })).toThrow(ConfigError);
      expect(() => createWallClock({ timeScale })).toThrow(
        'timeScale must be a finite number greater than 0',
      );
    },
  );

  it('sleeps a world duration in scaled real time', async () => {
    // 60 world seconds at timeScale 6000 is 10 real ms.
    const clock = createWallClock({ timeScale: 6000 });
    await expect(clock.sleep(60_000)).resolves.toBeUndefined();
  });

  it('rejects a sleep when its signal aborts', async () => {
    const clock = createWallClock({ timeScale: 1 });
    const controller = new AbortController();
    const sleeping = clock.sleep(60_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(sleeping).rejects.toThrow('stop');
  });

  it('ticks setInterval until disposed', async () => {
    const clock = createWallClock({ timeScale: 1000 });
    let ticks = 0;
    const dispose = clock.setInterval(1_000, () => {
      ticks++;
    });
    await clock.sleep(5_500);
    dispose();
    const seen = ticks;
    await clock.sleep(3_000);
    expect(seen).toBeGreaterThanOrEqual(1);
    expect(ticks).toBe(seen);
  });
});

describe('Function: createManualClock', () => {
  it('moves only when advanced, firing intervals at their due times', () => {
    // Prepare
    const clock = createManualClock(1_000);
    const seenAt: number[] = [];
    clock.setInterval(10_000, () => seenAt.push(clock.nowMs()));
    // Act
    clock.advance(35_000);
    // Assess
    expect(seenAt).toEqual([11_000, 21_000, 31_000]);
    expect(clock.nowMs()).toBe(36_000);
  });

  it('resolves sleeps once their deadline passes', async () => {
    const clock = createManualClock();
    let woke = false;
    const sleeping = clock.sleep(5_000).then(() => {
      woke = true;
    });
    clock.advance(4_999);
    await Promise.resolve();
    expect(woke).toBe(false);
    clock.advance(1);
    await sleeping;
    expect(woke).toBe(true);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('removes a disposed interval and an aborted sleep', async () => {
    const clock = createManualClock();
    const dispose = clock.setInterval(1_000, () => {});
    const controller = new AbortController();
    const sleeping = clock.sleep(1_000, controller.signal);
    controller.abort(new Error('cancelled'));
    dispose();
    await expect(sleeping).rejects.toThrow('cancelled');
    expect(clock.pendingTimers()).toBe(0);
  });

  it('throws a ConfigError for a negative advance', () => {
    expect(() => createManualClock().advance(-1)).toThrow(ConfigError);
  });
});

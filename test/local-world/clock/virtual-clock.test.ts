import { createServer, request } from 'node:http';
import { setTimeout as realSleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createVirtualClock, type VirtualClock } from '../../../src/local-world/clock/virtual-clock.ts';

const clocks: VirtualClock[] = [];
const newClock = (startMs = 0): VirtualClock => {
  const clock = createVirtualClock({ startMs });
  clocks.push(clock);
  return clock;
};
afterEach(() => {
  for (const clock of clocks.splice(0)) clock.close();
});

describe('Function: createVirtualClock', () => {
  it('jumps straight to the next due timer: a five-hour sleep costs no real time', async () => {
    // Prepare
    const clock = newClock(1_000);
    const started = performance.now();
    // Act
    await clock.sleep(5 * 3600 * 1000);
    // Assess
    expect(clock.nowMs()).toBe(1_000 + 5 * 3600 * 1000);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('fires timers in due order, and timers due together in the order they were armed', async () => {
    // Prepare
    const clock = newClock();
    const fired: string[] = [];
    clock.setTimeout(300, () => fired.push('c@300'));
    clock.setTimeout(100, () => fired.push('a@100'));
    clock.setTimeout(300, () => fired.push('d@300'));
    clock.setTimeout(200, () => fired.push('b@200'));
    // Act
    await clock.sleep(400);
    // Assess
    expect(fired).toEqual(['a@100', 'b@200', 'c@300', 'd@300']);
  });

  it('repeats an interval at its exact world times until stopped', async () => {
    // Prepare
    const clock = newClock(0);
    const seenAt: number[] = [];
    const stop = clock.setInterval(1_000, () => seenAt.push(clock.nowMs()));
    // Act
    await clock.sleep(3_500);
    stop();
    await clock.sleep(3_000);
    // Assess
    expect(seenAt).toEqual([1_000, 2_000, 3_000]);
  });

  it('holds world time still while tracked work takes real time', async () => {
    // Prepare
    const clock = newClock(0);
    let seenAtEnd = -1;
    clock.setTimeout(10, () => undefined); // a timer the clock would otherwise jump to
    // Act
    await clock.track('slow work', async () => {
      await realSleep(50);
      seenAtEnd = clock.nowMs();
    });
    // Assess
    expect(seenAtEnd).toBe(0);
  });

  it('holds world time still for the tracked work a timer callback starts, not for the callback', async () => {
    // Prepare
    const clock = newClock(0);
    const log: string[] = [];
    clock.setTimeout(100, () =>
      clock.track('work', async () => {
        await realSleep(30);
        log.push(`work done at ${clock.nowMs()}`);
      }),
    );
    clock.setTimeout(150, () => log.push(`second at ${clock.nowMs()}`));
    // Act
    await clock.sleep(200);
    // Assess
    expect(log).toEqual(['work done at 100', 'second at 150']);
  });

  it('lets time pass while tracked work only waits on work of its own that sleeps on the clock', async () => {
    // Prepare: a "handler" (tracked) awaits a "request" it began, which the server parks for 250 ms.
    const clock = newClock(0);
    // Act
    const seen = await clock.track('handler', async () => {
      const request = clock.beginWork('request');
      await request.sleep(250);
      request.end();
      return clock.nowMs();
    });
    // Assess
    expect(seen).toBe(250);
  });

  it('lets time pass while work sleeps on the clock through its unit, and not before', async () => {
    // Prepare: a real HTTP exchange in which the server waits 250 world ms before answering.
    const clock = newClock(0);
    const server = createServer((req, res) => {
      const unit = clock.joinWork(req.headers['x-greenlight-work'] as string, 'server');
      void unit.sleep(250).then(() => {
        res.end(String(clock.nowMs()));
        unit.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const unit = clock.beginWork('client');
    // Act
    const answer = await new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, headers: { 'x-greenlight-work': unit.id } }, (res) => {
        let body = '';
        res.on('data', (chunk) => {
          body += chunk;
        });
        res.on('end', () => resolve(body));
      });
      req.on('error', reject);
      req.end();
    });
    unit.end();
    server.close();
    // Assess
    expect(answer).toBe('250');
    expect(clock.nowMs()).toBe(250);
  });

  it('resolves until() at the first quiet instant where the predicate holds', async () => {
    // Prepare
    const clock = newClock(0);
    let ticks = 0;
    clock.setInterval(1_000, () => {
      ticks += 1;
    });
    // Act
    await clock.until(() => ticks === 3, 'three ticks');
    // Assess
    expect(clock.nowMs()).toBe(3_000);
  });

  it('runs an at() action before time moves on', async () => {
    // Prepare
    const clock = newClock(0);
    const log: number[] = [];
    clock.setInterval(1_000, () => log.push(clock.nowMs()));
    // Act
    const seen = await clock.at(
      () => log.length === 2,
      'two ticks',
      async () => {
        await realSleep(20);
        return clock.nowMs();
      },
    );
    // Assess
    expect(seen).toBe(2_000);
  });

  it('rejects until() when the world falls idle without the predicate', async () => {
    const clock = newClock(0);
    clock.setTimeout(500, () => undefined);
    await expect(clock.until(() => false, 'something that never happens')).rejects.toThrow(
      'the world fell idle (no work, no timer) before something that never happens',
    );
  });

  it('rejects until() when its world-time allowance runs out', async () => {
    const clock = newClock(0);
    clock.setInterval(1_000, () => undefined);
    await expect(clock.until(() => false, 'the impossible', { withinWorldMs: 5_000 })).rejects.toThrow(
      'the impossible did not happen within the world time allowed',
    );
    // It gives up as the clock reaches the first timer beyond the allowance.
    expect(clock.nowMs()).toBe(6_000);
  });

  it('runs background schedules only while something else keeps the world going', async () => {
    // Prepare: a health-check-like schedule every second, and one real timer at 3.5 s.
    const clock = newClock(0);
    const ticks: number[] = [];
    clock.setInterval(1_000, () => ticks.push(clock.nowMs()), { background: true });
    clock.setTimeout(3_500, () => undefined);
    // Act
    const waiting = clock.until(() => false, 'a condition nobody meets');
    // Assess
    await expect(waiting).rejects.toThrow('the world fell idle');
    expect(ticks).toEqual([1_000, 2_000, 3_000]);
    expect(clock.nowMs()).toBe(3_500);
  });

  it('rejects a sleep when its signal aborts', async () => {
    const clock = newClock(0);
    const controller = new AbortController();
    const sleeping = clock.sleep(60_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(sleeping).rejects.toThrow('stop');
  });

  it('never fires a cancelled timer', async () => {
    const clock = newClock(0);
    let fired = false;
    const cancel = clock.setTimeout(100, () => {
      fired = true;
    });
    cancel();
    await clock.sleep(200);
    expect(fired).toBe(false);
  });

  it('reports the error of a failing timer callback and carries on', async () => {
    // Prepare
    const errors: string[] = [];
    const clock = createVirtualClock({ startMs: 0, onError: (error) => errors.push(String(error)) });
    clocks.push(clock);
    clock.setTimeout(10, () => {
      throw new Error('boom');
    });
    // Act
    await clock.sleep(20);
    // Assess
    expect(errors).toEqual(['Error: boom']);
  });
});

describe('Function: createVirtualClock, paced (serve)', () => {
  const pacedClock = (pace: number): VirtualClock => {
    const clock = createVirtualClock({ startMs: 0, pace });
    clocks.push(clock);
    return clock;
  };

  it('never runs ahead of real time × pace', async () => {
    // Prepare
    const clock = pacedClock(100);
    const started = performance.now();
    // Act: 2 world seconds at ×100 take at least 20 real ms.
    await clock.sleep(2_000);
    // Assess: only a lower bound on real time, so a slow machine cannot fail it.
    expect(performance.now() - started).toBeGreaterThanOrEqual(19);
    expect(clock.nowMs()).toBeGreaterThanOrEqual(2_000);
  });

  it('lets world time flow with real time while nothing is in flight', async () => {
    // Prepare
    const clock = pacedClock(1_000);
    clock.setTimeout(3_600_000, () => undefined); // far away: time flows freely until then
    // Act
    const before = clock.nowMs();
    await realSleep(30);
    const after = clock.nowMs();
    // Assess: 30 real ms at ×1000 is at least 30 world s.
    expect(after - before).toBeGreaterThanOrEqual(29_000);
  });

  it('holds world time still while work runs, however long the machine takes', async () => {
    // Prepare
    const clock = pacedClock(1_000);
    clock.setTimeout(3_600_000, () => undefined);
    // Act: 50 real ms of work would be 50 world seconds if time flowed.
    const unit = clock.beginWork('busy work');
    const atStart = clock.nowMs();
    await realSleep(50);
    const atEnd = clock.nowMs();
    // ... and a sleep on the clock after it counts from where the work stood, not from real time.
    const wokeAt = await unit.sleep(20).then(() => clock.nowMs());
    unit.end();
    // Assess
    expect(atEnd).toBe(atStart);
    expect(wokeAt).toBe(atStart + 20);
  });

  it('keeps background schedules running: a served world never falls idle', async () => {
    // Prepare
    const clock = pacedClock(10_000);
    const ticks: number[] = [];
    clock.setInterval(1_000, () => ticks.push(clock.nowMs()), { background: true });
    // Act: nothing but the schedule; a paced world keeps going anyway.
    await realSleep(5);
    await clock.until(() => ticks.length >= 3, 'three ticks');
    // Assess: each at its exact world time (time flowed a little before the schedule was armed).
    const [first = 0, second, third] = ticks;
    expect([second, third]).toEqual([first + 1_000, first + 2_000]);
  });
});

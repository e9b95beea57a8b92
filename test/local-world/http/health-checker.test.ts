import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.ts';
import { createVirtualClock } from '../../../src/local-world/clock/virtual-clock.ts';
import { type HealthSample, startHealthChecker } from '../../../src/local-world/http/health-checker.ts';
import {
  afterCheck,
  initialTargetState,
  type TargetState,
} from '../../../src/local-world/http/target-health.ts';
import { startStubTarget } from './stub-target.ts';

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

describe('afterCheck', () => {
  const thresholds = { healthyThreshold: 2, unhealthyThreshold: 3 };
  const run = (checks: boolean[]): TargetState =>
    checks.reduce((state, ok) => afterCheck(state, ok, thresholds), initialTargetState);

  it.each([
    { checks: [true], status: 'initial' },
    { checks: [true, true], status: 'healthy' },
    { checks: [true, true, false, false], status: 'healthy' },
    { checks: [true, true, false, false, false], status: 'unhealthy' },
    { checks: [false, false, false, true], status: 'unhealthy' },
    { checks: [false, false, false, true, true], status: 'healthy' },
  ])('after $checks the target is $status', ({ checks, status }) => {
    expect(run(checks).status).toBe(status);
  });
});

describe('startHealthChecker', () => {
  it('counts healthy and unhealthy hosts per colour, several hosts per colour', async () => {
    const blueA = await startStubTarget('blue');
    const blueB = await startStubTarget('blue', 503);
    const green = await startStubTarget('green');
    closers.push(blueA.close, blueB.close, green.close);
    const samples: HealthSample[] = [];
    const checker = startHealthChecker({
      targets: { blue: [blueA.url, blueB.url], green: green.url },
      healthyThreshold: 2,
      unhealthyThreshold: 2,
      autoStart: false,
      clock: createVirtualClock(),
      onSample: (sample) => samples.push(sample),
    });
    closers.push(checker.stop);

    await checker.checkNow();
    const afterOne = checker.health('blue');
    await checker.checkNow();

    expect(afterOne).toEqual({ healthy: 0, unhealthy: 0, initial: 2, consecutiveFailures: 1 });
    expect(checker.health('blue')).toEqual({ healthy: 1, unhealthy: 1, initial: 0, consecutiveFailures: 2 });
    expect(checker.health('green')).toEqual({ healthy: 1, unhealthy: 0, initial: 0, consecutiveFailures: 0 });
    expect(samples).toHaveLength(6);
    expect(samples.filter((s) => !s.ok).map((s) => s.status)).toEqual([503, 503]);
  });

  it('marks a host that refuses connections unhealthy', async () => {
    const green = await startStubTarget('green');
    await green.close();
    const blue = await startStubTarget('blue');
    closers.push(blue.close);
    const checker = startHealthChecker({
      targets: { blue: blue.url, green: green.url },
      unhealthyThreshold: 3,
      autoStart: false,
      clock: createVirtualClock(),
    });
    closers.push(checker.stop);

    for (let i = 0; i < 3; i += 1) await checker.checkNow();

    expect(checker.health('green')).toEqual({ healthy: 0, unhealthy: 1, initial: 0, consecutiveFailures: 3 });
  });

  it('polls on its own every intervalMs of world time, while the world runs', async () => {
    // Prepare
    const blue = await startStubTarget('blue');
    const green = await startStubTarget('green');
    closers.push(blue.close, green.close);
    const clock = createVirtualClock({ startMs: 0 });
    const sampledAt: number[] = [];
    const checker = startHealthChecker({
      targets: { blue: blue.url, green: green.url },
      intervalMs: 10_000,
      clock,
      onSample: (sample) => sampledAt.push(sample.atMs),
    });
    closers.push(checker.stop);

    // Act
    await clock.sleep(35_000);

    // Assess: both colours at 10, 20 and 30 s.
    expect(sampledAt).toEqual([10_000, 10_000, 20_000, 20_000, 30_000, 30_000]);
  });

  it('fails a check that gets no answer within its timeout, in world time', async () => {
    // Prepare: a target that hangs for a world minute on every request (it waits on the clock,
    // as a hung app server of the world does; a real hang would hold virtual time still).
    const { createServer } = await import('node:http');
    const clock = createVirtualClock({ startMs: 0 });
    const silent = createServer((request, response) => {
      const unit = clock.joinWork(request.headers['x-greenlight-work'] as string, 'hung target');
      void unit.sleep(60_000).then(() => {
        response.destroy();
        unit.end();
      });
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    closers.push(() => {
      silent.closeAllConnections();
      silent.close();
    });
    const url = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
    const samples: HealthSample[] = [];
    const checker = startHealthChecker({
      targets: { blue: url, green: url },
      timeoutMs: 5_000,
      autoStart: false,
      clock,
      onSample: (sample) => samples.push(sample),
    });

    // Act
    await checker.checkNow();

    // Assess
    expect(samples.map((s) => [s.ok, s.latencyMs])).toEqual([
      [false, 5_000],
      [false, 5_000],
    ]);
    expect(samples[0]?.error).toContain('no answer within 5000 ms');
  });

  it.each([{ intervalMs: 0 }, { healthyThreshold: 1.5 }, { unhealthyThreshold: -2 }])('rejects %j', (bad) => {
    expect(() =>
      startHealthChecker({
        targets: { blue: 'http://127.0.0.1:1', green: 'http://127.0.0.1:1' },
        clock: createVirtualClock(),
        ...bad,
      }),
    ).toThrow(ConfigError);
  });
});

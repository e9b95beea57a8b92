import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.ts';
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
    });
    closers.push(checker.stop);

    for (let i = 0; i < 3; i += 1) await checker.checkNow();

    expect(checker.health('green')).toEqual({ healthy: 0, unhealthy: 1, initial: 0, consecutiveFailures: 3 });
  });

  it('polls on its own every intervalMs', async () => {
    const blue = await startStubTarget('blue');
    const green = await startStubTarget('green');
    closers.push(blue.close, green.close);
    let samples = 0;
    const polled = new Promise<void>((resolve) => {
      const checker = startHealthChecker({
        targets: { blue: blue.url, green: green.url },
        intervalMs: 20,
        onSample: () => {
          samples += 1;
          if (samples === 6) resolve();
        },
      });
      closers.push(checker.stop);
    });

    await polled;

    expect(samples).toBeGreaterThanOrEqual(6);
  });

  it.each([{ intervalMs: 0 }, { healthyThreshold: 1.5 }, { unhealthyThreshold: -2 }])('rejects %j', (bad) => {
    expect(() =>
      startHealthChecker({ targets: { blue: 'http://127.0.0.1:1', green: 'http://127.0.0.1:1' }, ...bad }),
    ).toThrow(ConfigError);
  });
});

import { describe, expect, it } from 'vitest';
import {
  leaseProblem,
  leaseSeconds,
  longestTaskSeconds,
  longestUnrenewedWait,
} from '../../src/core/lease.ts';
import { environmentConfigSchema } from '../../src/schema/config.ts';
import { parseEnvironmentConfig } from '../../src/schema/parse-config.ts';
import { stagingConfig } from '../support/fixtures.ts';

const hour = 3600;
const configWith = (overrides: Parameters<typeof stagingConfig>[0]) =>
  environmentConfigSchema.parse(stagingConfig(overrides));

describe('The lease covers the longest wait with no step running', () => {
  it.each([
    // what is longest → expected wait before the longest task is added
    ['the standby (seed 001: 48 h)', { standbySeconds: 48 * hour }, 48 * hour, 'the blue standby'],
    [
      'a bake',
      { trafficPlan: [{ weightPercent: 100, bakeSeconds: 6 * hour }], standbySeconds: 60 },
      6 * hour,
      'the longest bake',
    ],
    [
      'the restore approval',
      {
        standbySeconds: 60,
        rollback: { database: 'restore-with-approval' as const, restoreApprovalTimeoutSeconds: 3 * hour },
      },
      3 * hour,
      'the restore approval',
    ],
  ])('%s', (_name, overrides, seconds, what) => {
    expect(longestUnrenewedWait(configWith(overrides))).toEqual({
      seconds: seconds + longestTaskSeconds,
      what,
    });
  });

  it('is derived when lockStaleAfterSeconds is left out: the longest wait, to the next hour', () => {
    expect(leaseSeconds(configWith({ standbySeconds: 48 * hour }))).toBe(49 * hour);
    expect(leaseSeconds(configWith({ standbySeconds: 120 }))).toBe(2 * hour); // the 1 h restore approval + a 15-min step, rounded up
    expect(leaseSeconds(configWith({ standbySeconds: 120, lockStaleAfterSeconds: 7200 }))).toBe(7200);
  });

  it.each([
    [600, 3600, false], // the run: 600 s stale, 3,600 s standby
    [86_400, 48 * hour, false], // 24 h against the shipped 48 h standby
    [48 * hour + longestTaskSeconds, 48 * hour, true],
    [7200, 3600, true],
  ])('lockStaleAfterSeconds %d with a %d s standby → accepted %s', (stale, standby, accepted) => {
    const config = configWith({ standbySeconds: standby, lockStaleAfterSeconds: stale });
    expect(leaseProblem(config) === null).toBe(accepted);
  });

  it('refuses such a config when it loads, naming the wait and the fix', () => {
    expect(() =>
      parseEnvironmentConfig(stagingConfig({ standbySeconds: 3600, lockStaleAfterSeconds: 600 }), 'staging'),
    ).toThrow(
      /lockStaleAfterSeconds 600 \(10 min\) is shorter than the blue standby plus the longest step \(4500 s.*Set it to at least 4500, or leave it out/,
    );
  });
});

describe('longestTaskSeconds', () => {
  it('is the longest Task timeout of deploy.asl.json (callback tasks, timed by their waits, aside)', async () => {
    const { readFileSync } = await import('node:fs');
    const asl = JSON.parse(
      readFileSync(new URL('../../statemachines/deploy.asl.json', import.meta.url), 'utf8'),
    );
    const timeouts = Object.values(asl.States as Record<string, { Type: string; TimeoutSeconds?: number }>)
      .filter((state) => state.Type === 'Task' && state.TimeoutSeconds !== undefined)
      .map((state) => state.TimeoutSeconds as number);
    expect(Math.max(...timeouts)).toBe(longestTaskSeconds);
  });
});

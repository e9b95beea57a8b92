import { describe, expect, it } from 'vitest';
import {
  benchFaults,
  greenlightPolicy,
  measurePolicy,
  peerPolicy,
} from '../../../src/simulate/policies/compare-policies.ts';
import { codeDeployCanary, flagger } from '../../../src/simulate/policies/peer-policies.ts';

const fault = (name: string) => {
  const found = benchFaults.find((f) => f.name === name);
  if (!found) throw new Error(`no bench fault ${name}`);
  return found;
};
const settings = { rps: 50, seed: 3, horizonSeconds: 600 };

describe('The peers’ policies in the same world, measured the same way', () => {
  it('CodeDeploy’s canary is rolled back by its 60 s Target_5XX alarm, after a minute of errors at 10%', async () => {
    // Act
    const run = await measurePolicy(peerPolicy(codeDeployCanary), fault('20% errors'), settings);
    // Assess: ALB's metric needs its minute, and publication delay, before the alarm can see it.
    expect(run).toMatchObject({ policy: 'CodeDeploy canary 10% / 5 min', fault: '20% errors' });
    expect(run.detectSeconds).toBeGreaterThanOrEqual(60);
    expect(run.detectSeconds).toBeLessThan(180);
    expect(run.restoreSeconds).toBeGreaterThanOrEqual(run.detectSeconds as number);
    expect(run.theoreticalMin).toBe(5 * 0.2 * 60); // 10% of 50 rps × 20% × one 60 s period
    expect(run.failedRequests).toBeGreaterThanOrEqual(run.theoreticalMin);
  }, 120_000);

  it('a healthy release fails no request under Flagger, and is never rolled back', async () => {
    const run = await measurePolicy(peerPolicy(flagger()), fault('healthy'), settings);
    expect(run.failedRequests).toBe(0);
    expect(run.detectSeconds).toBeNull();
    expect(run.theoreticalMin).toBe(0);
  }, 120_000);

  it('Greenlight’s pre-traffic trial rolls a 20%-error green back before a user request reaches it', async () => {
    const run = await measurePolicy(
      greenlightPolicy({ highResolution: true, preTrafficTrial: true }),
      fault('20% errors'),
      settings,
    );
    expect(run.failedRequests).toBe(0);
    expect(run.detectSeconds).toBe(0);
    expect(run.theoreticalMin).toBe(0); // judged with no user traffic: no request had to fail
  }, 120_000);
});

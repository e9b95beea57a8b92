import { describe, expect, it } from 'vitest';
import { deployRequest, stagingConfig } from '../support/fixtures.ts';
import { createWorkflowHarness } from '../support/workflow-harness.ts';

/** A 3-step plan with five-minute bakes, where green's app metrics say what each test wants. */
function harnessWithGreen(green: { requests: number; errors: number }) {
  const harness = createWorkflowHarness({
    configs: {
      staging: stagingConfig({
        trafficPlan: [10, 50, 100].map((weightPercent) => ({ weightPercent, bakeSeconds: 300 })),
        alarms: { highResolutionNamespace: 'Shop/App' },
      }),
    },
  });
  harness.ports.store.live.set('shop#staging', { colour: 'blue', version: '1.0.0' });
  harness.ports.metrics.appCountsFor = (colour) =>
    colour === 'green' ? green : { requests: 4000, errors: 0 };
  return harness;
}

describe('the early verdict (functions/early-verdict, every minute) on deploy.asl.json', () => {
  it('rolls a 3%-error green back during its first bake, long before the bake ends', async () => {
    // Prepare
    const harness = harnessWithGreen({ requests: 400, errors: 12 });
    // Act
    const execution = await harness.run(deployRequest());
    // Assess
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('VerificationFailedError');
    expect(execution.cause).toContain('early verdict: 12 errors in 400 requests (3.0%)');
    expect(harness.ports.router.history.map((w) => w.green)).toEqual([10, 0]);
    const audit = await harness.ports.store.listAudit('deploy-1');
    const bakeStarted = audit.find((e) => e.type === 'bake.started')?.atMs ?? 0;
    const judged = audit.find((e) => e.type === 'verdict.early');
    expect(judged?.detail).toMatchObject({ decision: 'rollback', during: 'bake', acted: true });
    expect((judged?.atMs ?? 0) - bakeStarted).toBeLessThanOrEqual(60_000);
    expect(execution.history.transitions()).toBeLessThan(40);
  });

  it('leaves a green as good as blue alone: the release goes all the way', async () => {
    const harness = harnessWithGreen({ requests: 400, errors: 0 });
    const execution = await harness.run(deployRequest());
    expect(execution.status).toBe('SUCCEEDED');
    const audit = await harness.ports.store.listAudit('deploy-1');
    expect(audit.some((e) => e.type === 'verdict.early')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { deployRequest, stagingConfig } from '../support/fixtures.ts';
import { createWorkflowHarness, type WorkflowHarness } from '../support/workflow-harness.ts';

/**
 * The deployment lock is a lease the running execution keeps alive (src/core/lease.ts): a long
 * standby never lets another deployment in, and a deployment whose lease was taken over changes
 * nothing more (the fencing steps refuse to run).
 */
const hour = 3600;

function harnessWith(overrides = {}): WorkflowHarness {
  const harness = createWorkflowHarness({ configs: { staging: stagingConfig(overrides) } });
  harness.ports.store.live.set('shop#staging', { colour: 'blue', version: '1.0.0' });
  return harness;
}

const lockOf = (harness: WorkflowHarness) => harness.ports.store.locks.get('shop#staging');
const inState = (execution: { history: { statesEntered(): string[] } }, state: string) =>
  execution.history.statesEntered().at(-1) === state;

describe('The deployment lock as a lease', () => {
  it('keeps a second deployment out for the whole of a 48 h standby, renewed at every step', async () => {
    // Prepare: a lease derived from the config (no lockStaleAfterSeconds): the 48 h standby plus a step.
    const harness = harnessWith({ standbySeconds: 48 * hour });
    const first = harness.start(deployRequest(), 'first');
    await harness.until(() => inState(first, 'Standby'), 'the first deployment is in standby');
    const standbyFromMs = harness.clock.nowMs();
    const takenAt = lockOf(harness)?.acquiredAtMs as number;
    const renewedAt = lockOf(harness)?.renewedAtMs as number;
    expect(renewedAt).toBeGreaterThan(takenAt); // bakes passed, each step renewed it

    // Act: 47 h into the standby, a second deployment of the same service.
    await harness.until(() => harness.clock.nowMs() >= standbyFromMs + 47 * hour * 1000, '47 h of standby');
    const second = await harness.run(
      deployRequest({ version: '1.2.0', image: 'registry.example.com/shop:1.2.0' }),
      'second',
    );
    const firstDone = await first.finished;

    // Assess
    expect(second.status).toBe('FAILED');
    expect(second.error).toBe('LockHeldError');
    expect(second.cause).toContain('lease last renewed');
    expect(firstDone.status).toBe('SUCCEEDED');
    expect(harness.ports.store.live.get('shop#staging')).toEqual({ colour: 'green', version: '1.1.0' });
    // The live colour still runs: nobody scaled it to zero under the first deployment.
    expect(harness.ports.compute.scaledToZero).toEqual(['blue']);
    expect(harness.ports.store.locks.size).toBe(0);
  });

  it('fences a deployment whose lease was taken over: it shifts nothing more, and its rollback touches nothing', async () => {
    // Prepare: the first deployment bakes at 10%; its lease is then taken over (as a stale
    // lock would be), by a deployment that put all traffic back on blue.
    const harness = harnessWith();
    const first = harness.start(deployRequest(), 'first');
    await harness.until(() => inState(first, 'Bake'), 'the first deployment bakes');
    const shiftsBefore = harness.ports.router.history.length;
    harness.ports.store.locks.set('shop#staging', {
      key: 'shop#staging',
      owner: 'other-deployment',
      executionId: 'arn:aws:states:local:000000000000:execution:greenlight-deploy:other',
      acquiredAtMs: harness.clock.nowMs(),
      renewedAtMs: harness.clock.nowMs(),
    });

    // Act
    const done = await first.finished;

    // Assess: no step after the takeover changed traffic or compute, and the lock stays the other's.
    expect(done.status).toBe('FAILED');
    expect(done.history.all().some((e) => JSON.stringify(e).includes('LockLostError'))).toBe(true);
    expect(harness.ports.router.history.length).toBe(shiftsBefore);
    expect(lockOf(harness)?.owner).toBe('other-deployment');
  });

  it('runs a deployment id once: a second execution with the same id is refused before it changes anything', async () => {
    // Prepare
    const harness = harnessWith();
    const request = deployRequest({ deploymentId: 'release-42' });
    const first = await harness.run(request, 'first');
    const shifts = harness.ports.router.history.length;
    const notified = harness.ports.notifier.sent.length;

    // Act: the same request redelivered under another execution name.
    const again = await harness.run(request, 'redelivered');

    // Assess
    expect(first.status).toBe('SUCCEEDED');
    expect(again.status).toBe('FAILED');
    expect(again.error).toBe('InvalidRequestError');
    expect(again.cause).toContain('deployment release-42 already ran as execution');
    expect(again.history.statesEntered()).toEqual(['Preflight', 'Refused']);
    expect(harness.ports.router.history.length).toBe(shifts);
    expect(harness.ports.notifier.sent.length).toBe(notified);
    expect(harness.ports.store.locks.size).toBe(0);
  });

  it('refuses the same deployment id from a second execution while the first still runs', async () => {
    const harness = harnessWith();
    const request = deployRequest({ deploymentId: 'release-43' });
    const first = harness.start(request, 'first');
    await harness.until(() => inState(first, 'Bake'), 'the first deployment bakes');

    const twin = await harness.run(request, 'twin');

    expect(twin.status).toBe('FAILED');
    expect(twin.history.statesEntered()).toEqual(['Preflight', 'Refused']);
    expect((await first.finished).status).toBe('SUCCEEDED');
  });
});

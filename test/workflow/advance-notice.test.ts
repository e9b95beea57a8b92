/**
 * Advance notice through the real deploy.asl.json: a release announced too late, or not at all,
 * is refused at Preflight with when it may start, and nothing changes; one announced in time
 * goes through.
 */
import { describe, expect, it } from 'vitest';
import { deployRequest, stagingConfig } from '../support/fixtures.ts';
import { createWorkflowHarness } from '../support/workflow-harness.ts';

function harnessWithNotice() {
  const harness = createWorkflowHarness({
    configs: { staging: stagingConfig({ notice: { minor: 86_400 }, deployGreen: { maxWaitSeconds: 900 } }) },
  });
  harness.ports.store.live.set('shop#staging', { colour: 'blue', version: '1.0.0' });
  return harness;
}

describe('advance notice (notice.<release type>)', () => {
  it.each([
    ['not announced', undefined, /announce this one and send the time in the request's announcedAt/],
    ['announced 2 h ago', -2 * 3600, /this one was announced at .*, 2 h ago; it may start at/],
  ])('refuses a release %s at Preflight, and changes nothing', async (_label, offsetSeconds, reason) => {
    // Prepare
    const harness = harnessWithNotice();
    const announcedAt =
      offsetSeconds === undefined
        ? {}
        : { announcedAt: new Date(harness.clock.nowMs() + offsetSeconds * 1000).toISOString() };

    // Act
    const execution = await harness.run(deployRequest(announcedAt));

    // Assess
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('PolicyDeniedError');
    expect(execution.cause).toMatch(
      /minor releases in staging are announced at least 24 h before they start \(notice\.minor\)/,
    );
    expect(execution.cause).toMatch(reason);
    expect(execution.history.statesEntered()).toEqual(['Preflight', 'Refused']);
    expect(harness.ports.router.history).toEqual([]);
    expect(harness.ports.store.locks.size).toBe(0);
    expect(harness.ports.store.deployments.size).toBe(0);
    expect(harness.ports.snapshots.created).toEqual([]);
  });

  it('lets through a release announced a day or more before it starts', async () => {
    // Prepare
    const harness = harnessWithNotice();
    const announcedAt = new Date(harness.clock.nowMs() - 86_400_000).toISOString();

    // Act
    const execution = await harness.run(deployRequest({ announcedAt }));

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
  });

  it('refuses an announcedAt that is not a date-time, naming the field', async () => {
    const harness = harnessWithNotice();
    const execution = await harness.run({ ...deployRequest(), announcedAt: 'yesterday' });
    expect(execution.error).toBe('InvalidRequestError');
    expect(execution.cause).toMatch(
      /announcedAt.*expected an ISO 8601 date-time such as 2026-01-08T10:00:00Z/,
    );
  });
});

/**
 * Success criteria through the real deploy.asl.json: a bake that passes the rollback thresholds
 * but misses the criteria holds its step for another bake and is judged again; it goes on once
 * they are met, rolls back after the last hold, or at once when onMiss is rollback.
 */
import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import type { Colour } from '../../src/ports/colour.ts';
import type { TimeWindow } from '../../src/ports/metrics.ts';
import type { successCriteriaSchema } from '../../src/schema/config.ts';
import { deployRequest, stagingConfig } from '../support/fixtures.ts';
import { createWorkflowHarness, type WorkflowHarness } from '../support/workflow-harness.ts';

type SuccessCriteriaInput = z.input<typeof successCriteriaSchema>;

// Seed 003: error rate < 0.1%, p95 < 200 ms. The rollback thresholds stay the defaults
// (5%, p95 2000 ms, +300% on blue), so 250 ms misses the criteria without rolling back.
const seed003Criteria: SuccessCriteriaInput = { maxErrorRatePercent: 0.1, maxP95Ms: 200 };

/** Green shows `p95ByBake[i]` over the i-th bake (the last value from then on); blue 240 ms. */
function harnessWithGreenLatencies(
  p95ByBake: number[],
  criteria: SuccessCriteriaInput = seed003Criteria,
): WorkflowHarness {
  const harness = createWorkflowHarness({
    configs: { staging: stagingConfig({ successCriteria: criteria }) },
  });
  harness.ports.store.live.set('shop#staging', { colour: 'blue', version: '1.0.0' });
  // Each bake is read from its own start (Verify, and the early verdict during it): number them by it.
  const bakeStarts: number[] = [];
  harness.ports.metrics.statsFor = (colour: Colour, window: TimeWindow) => {
    if (!bakeStarts.includes(window.startMs)) bakeStarts.push(window.startMs);
    const bake = Math.min(bakeStarts.indexOf(window.startMs), p95ByBake.length - 1);
    const p95Ms = colour === 'green' ? (p95ByBake[bake] ?? 0) : 240;
    return { requests: 1000, errors5xx: 0, p95Ms, unhealthyHostSeries: [0, 0] };
  };
  // The early verdict also reads the app's counts: healthy, like blue's.
  harness.ports.metrics.appCountsFor = () => ({ requests: 1000, errors: 0 });
  return harness;
}

const greenShare = (harness: WorkflowHarness): number[] => harness.ports.router.history.map((w) => w.green);

describe('success criteria (config.successCriteria)', () => {
  it('holds a step whose bake missed them, and goes on once a held bake meets them', async () => {
    // Prepare: the first bake at 10% shows p95 250 ms, every bake after 150 ms.
    const harness = harnessWithGreenLatencies([250, 150]);

    // Act
    const execution = await harness.run(deployRequest());

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect(greenShare(harness)).toEqual([10, 10, 50, 100]);
    const audit = await harness.ports.store.listAudit('deploy-1');
    const held = audit.filter((event) => event.type === 'bake.held');
    expect(held).toHaveLength(1);
    expect(held[0]?.detail).toMatchObject({ step: 1, hold: 1 });
    expect(String(held[0]?.detail.reason)).toContain(
      'success criteria missed at 10%: p95 250 ms is not under 200 ms; holding 10% for another 1 min bake (hold 1 of 2)',
    );
    expect(audit.filter((event) => event.type === 'verify').map((event) => event.detail.decision)).toEqual([
      'hold',
      'pass',
      'pass',
      'pass',
    ]);
    expect(execution.history.statesEntered().filter((state) => state === 'Bake')).toHaveLength(4);
  });

  it('rolls back when the criteria are still missed after the last hold, with traffic back on blue', async () => {
    // Prepare
    const harness = harnessWithGreenLatencies([250]);

    // Act
    const execution = await harness.run(deployRequest());

    // Assess
    expect(execution.status).toBe('FAILED');
    expect(execution.cause).toContain(
      'p95 250 ms is not under 200 ms, still, after 2 held bakes (successCriteria.maxHolds)',
    );
    expect(greenShare(harness)).toEqual([10, 10, 10, 0]);
    expect(await harness.ports.store.getLive('shop', 'staging')).toMatchObject({
      colour: 'blue',
      version: '1.0.0',
    });
    expect(harness.ports.store.locks.size).toBe(0);
  });

  it("rolls back at the first miss when onMiss is 'rollback'", async () => {
    // Prepare
    const harness = harnessWithGreenLatencies([250], { ...seed003Criteria, onMiss: 'rollback' });

    // Act
    const execution = await harness.run(deployRequest());

    // Assess
    expect(execution.status).toBe('FAILED');
    expect(execution.cause).toContain("successCriteria.onMiss is 'rollback'");
    expect(greenShare(harness)).toEqual([10, 0]);
  });

  it('never holds a bake that breached a rollback threshold: the threshold rolls back first', async () => {
    // Prepare: 2500 ms is over the default 2000 ms p95 ceiling.
    const harness = harnessWithGreenLatencies([2500]);

    // Act
    const execution = await harness.run(deployRequest());

    // Assess
    expect(execution.status).toBe('FAILED');
    expect(execution.cause).toContain('exceeds the 2000 ms ceiling');
    expect(execution.cause).not.toContain('success criteria');
    expect(greenShare(harness)).toEqual([10, 0]);
  });
});

/**
 * The cost estimate's count of states against the real deploy.asl.json: for each shape of
 * execution (plan length, approval gate, backup, held bakes), the states a successful run enters
 * are the ones happyPathStates counts. Finish records the estimate on the deployment, and the
 * snapshot carries the environment's cost allocation tags.
 */
import { describe, expect, it } from 'vitest';
import { grant } from '../../src/approvals/approval-gate.ts';
import { happyPathStates } from '../../src/core/cost-estimate.ts';
import type { Colour } from '../../src/ports/colour.ts';
import type { TimeWindow } from '../../src/ports/metrics.ts';
import { deployRequest, stagingConfig } from '../support/fixtures.ts';
import { createWorkflowHarness } from '../support/workflow-harness.ts';

const oneStep = [{ weightPercent: 100, bakeSeconds: 60 }];
const backupOf = (config: Record<string, unknown>): boolean =>
  (config.backup as { enabled?: boolean } | undefined)?.enabled !== false;

describe('the cost estimate against the real workflow', () => {
  it.each([
    { name: '3 steps with a backup', overrides: {}, approval: false, holds: 0 },
    {
      name: '1 step, no backup',
      overrides: { trafficPlan: oneStep, backup: { enabled: false } },
      approval: false,
      holds: 0,
    },
    {
      name: '3 steps with an approval gate',
      overrides: { approvals: { minor: [{ role: 'team-lead', count: 1 }] } },
      approval: true,
      holds: 0,
    },
    {
      name: '3 steps, the first held once',
      overrides: { successCriteria: { maxErrorRatePercent: 0.1, maxP95Ms: 200 } },
      approval: false,
      holds: 1,
    },
  ])('counts the states of $name as the run enters them', async ({ overrides, approval, holds }) => {
    // Prepare
    const config = stagingConfig({ ...overrides, costAllocationTags: { CostCenter: 'payments' } });
    const harness = createWorkflowHarness({ configs: { staging: config } });
    harness.ports.store.live.set('shop#staging', { colour: 'blue', version: '1.0.0' });
    if (holds > 0) {
      // The first bake shows p95 250 ms, over the 200 ms criterion; every later one 150 ms.
      const starts: number[] = [];
      harness.ports.metrics.statsFor = (colour: Colour, window: TimeWindow) => {
        if (!starts.includes(window.startMs)) starts.push(window.startMs);
        const p95Ms = colour === 'green' && starts.indexOf(window.startMs) === 0 ? 250 : 150;
        return { requests: 1000, errors5xx: 0, p95Ms, unhealthyHostSeries: [0] };
      };
      harness.ports.metrics.appCountsFor = () => ({ requests: 1000, errors: 0 });
    }
    // No backup, no migrations: Migrate refuses to run them without one.
    const execution = harness.start(deployRequest(backupOf(config) ? {} : { migrations: undefined }));
    if (approval) {
      await harness.until(() => harness.sfn.tokens.waiting().length > 0, 'approval is awaited');
      const token = (await harness.ports.store.getCallback('deploy-1', 'approval')) ?? '';
      await grant(
        { store: harness.ports.store, callbacks: harness.ports.callbacks, clock: harness.clock },
        { deploymentId: 'deploy-1', role: 'team-lead', approver: 'lee@example.com' },
        token,
        'cli',
      );
    }

    // Act
    const finished = await execution.finished;

    // Assess
    expect(finished.status).toBe('SUCCEEDED');
    const trafficSteps = (config.trafficPlan as unknown[]).length;
    const backup = backupOf(config);
    const expected = happyPathStates({ trafficSteps, holds, approvalGate: approval, backup });
    // The memory world publishes no ECS event, so AwaitGreen ends on its timeout and one last
    // check (GreenTimedOut); on AWS and in the local world the event ends it (npm run bench: 28).
    const entered = finished.history.statesEntered().filter((state) => state !== 'GreenTimedOut');
    expect(entered).toHaveLength(expected.states);
    const record = await harness.ports.store.getDeployment('deploy-1');
    expect(record?.cost).toMatchObject({ basis: 'the path this deployment took' });
    const cost = (record?.cost ?? {}) as { text?: string };
    expect(cost.text).toContain(`${expected.states} state transitions`);
    if (backup)
      expect(harness.ports.snapshots.created[0]?.tags).toMatchObject({
        CostCenter: 'payments',
        'greenlight:environment': 'staging',
      });
  });
});

/**
 * AwaitBackup and AwaitGreen wait without polling: callback tasks that the wait relay
 * (functions/wait-relay) completes on RDS's and ECS's events, with a fallback sweep every five
 * minutes for an event that was lost. The real deploy.asl.json and handlers, on in-memory
 * adapters and a virtual clock.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { describe, expect, it } from 'vitest';
import { waitRelay, waitRelaySweepEverySeconds } from '../../functions/wait-relay/handler.ts';
import { snapshotIdFor } from '../../src/core/snapshot-id.ts';
import { invokeLocally } from '../../src/runtime/local-lambda.ts';
import { localFunctionArn } from '../../src/workflow/steps.ts';
import { deployRequest, stagingConfig } from '../support/fixtures.ts';
import { createWorkflowHarness, type WorkflowHarness } from '../support/workflow-harness.ts';

const logger = new Logger({ serviceName: 'greenlight-test', logLevel: 'SILENT' });

function harnessFor(config = stagingConfig()) {
  const harness = createWorkflowHarness({ configs: { staging: config } });
  harness.ports.store.live.set('shop#staging', { colour: 'blue', version: '1.0.0' });
  return harness;
}

/** Sends `event` to the real wait-relay handler, bound to the harness's ports. */
function relay(harness: WorkflowHarness, event: unknown) {
  const handler = waitRelay.bind(harness.ports, { logger });
  return harness.clock.track('wait relay', () =>
    invokeLocally(localFunctionArn('wait-relay'), handler, event, 10_000, harness.clock),
  ) as Promise<{ settled: { deploymentId: string; kind: string; outcome: string }[] }>;
}

const snapshotEvent = (snapshotId: string) => ({
  version: '0',
  id: 'e-1',
  'detail-type': 'RDS DB Snapshot Event',
  source: 'aws.rds',
  account: '000000000000',
  time: '2026-01-06T10:00:00Z',
  region: 'local',
  resources: [`arn:aws:rds:local:000000000000:snapshot:${snapshotId}`],
  detail: { SourceIdentifier: snapshotId, Message: 'Manual snapshot created', EventID: 'RDS-EVENT-0042' },
});

const rolloutEvent = (serviceArn: string, eventName = 'SERVICE_DEPLOYMENT_COMPLETED') => ({
  version: '0',
  id: 'e-2',
  'detail-type': 'ECS Deployment State Change',
  source: 'aws.ecs',
  account: '000000000000',
  time: '2026-01-06T10:00:00Z',
  region: 'local',
  resources: [serviceArn],
  detail: { eventType: 'INFO', eventName, deploymentId: 'ecs-svc/1' },
});

const entered = (harness: WorkflowHarness, state: string) => () =>
  harness.sfn.listExecutions({}).some((e) => e.history.statesEntered().at(-1) === state);

describe('AwaitBackup and AwaitGreen', () => {
  it('make the same transitions, at most 40 for a 3-step plan, whether the snapshot is ready at once or after twelve sweeps (an hour)', async () => {
    // Prepare: without events in this harness, only the sweep completes a wait the task could not
    const transitionsFor = async (availableAfterChecks: number) => {
      const harness = harnessFor(stagingConfig({ backup: { enabled: true, maxWaitSeconds: 7200 } }));
      harness.ports.snapshots.availableAfterPolls = availableAfterChecks;
      const started = harness.clock.nowMs();
      const execution = await harness.run(deployRequest());
      expect(execution.status).toBe('SUCCEEDED');
      const audit = harness.ports.store.audits.get(execution.name) ?? [];
      const verified = audit.find((event) => event.type === 'backup.verified');
      return {
        transitions: execution.history.transitions(),
        verified,
        waitedMs: (verified?.atMs ?? 0) - started,
      };
    };

    // Act
    const atOnce = await transitionsFor(1);
    const anHour = await transitionsFor(13);

    // Assess
    expect(anHour.transitions).toBe(atOnce.transitions);
    expect(anHour.transitions).toBeLessThanOrEqual(40); // issue 12's bound for a 3-step plan (it was 392)
    expect(atOnce.verified?.detail.by).toBe('the task');
    expect(anHour.verified?.detail.by).toBe('the fallback sweep');
    expect(anHour.waitedMs).toBeGreaterThanOrEqual(12 * waitRelaySweepEverySeconds * 1000);
    expect(anHour.waitedMs).toBeLessThan(13 * waitRelaySweepEverySeconds * 1000);
  });

  it('moves on when RDS says the snapshot it waits for is available, and ignores other snapshots', async () => {
    // Prepare
    const harness = harnessFor();
    harness.ports.snapshots.availableAfterPolls = 2;
    const execution = harness.start(deployRequest());
    await harness.until(entered(harness, 'AwaitBackup'), 'AwaitBackup');
    const snapshotId = snapshotIdFor('shop', 'staging', execution.name);

    // Act
    const other = await relay(harness, snapshotEvent('greenlight-shop-staging-someone-else'));
    const ours = await relay(harness, snapshotEvent(snapshotId));
    await harness.until(() => execution.history.statesEntered().includes('Migrate'), 'Migrate');

    // Assess
    expect(other.settled).toEqual([]);
    expect(ours.settled).toEqual([{ deploymentId: execution.name, kind: 'backup', outcome: 'completed' }]);
    const audit = harness.ports.store.audits.get(execution.name) ?? [];
    expect(audit.filter((event) => event.type === 'backup.verified')).toHaveLength(1);
    expect(harness.ports.store.callbacks.has(`${execution.name}#backup`)).toBe(false);
    expect((await execution.finished).status).toBe('SUCCEEDED');
  });

  it('changes nothing on an event about a snapshot that is still creating (a forged or early event)', async () => {
    // Prepare
    const harness = harnessFor(stagingConfig({ backup: { enabled: true, maxWaitSeconds: 3600 } }));
    harness.ports.snapshots.availableAfterPolls = Number.POSITIVE_INFINITY;
    const execution = harness.start(deployRequest());
    await harness.until(entered(harness, 'AwaitBackup'), 'AwaitBackup');

    // Act
    const result = await relay(harness, snapshotEvent(snapshotIdFor('shop', 'staging', execution.name)));

    // Assess
    expect(result.settled).toEqual([{ deploymentId: execution.name, kind: 'backup', outcome: 'pending' }]);
    expect(execution.status).toBe('RUNNING');
    expect(execution.history.statesEntered().at(-1)).toBe('AwaitBackup');
    expect(harness.ports.store.callbacks.has(`${execution.name}#backup`)).toBe(true);
  });

  it('rolls back before Migrate, naming the limit, when the snapshot outlasts backup.maxWaitSeconds', async () => {
    // Prepare
    const harness = harnessFor(stagingConfig({ backup: { enabled: true, maxWaitSeconds: 900 } }));
    harness.ports.snapshots.availableAfterPolls = Number.POSITIVE_INFINITY;

    // Act
    const execution = await harness.run(deployRequest());

    // Assess
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('BackupFailedError');
    expect(execution.history.statesEntered()).toContain('BackupTimedOut');
    expect(execution.history.statesEntered()).not.toContain('Migrate');
    const failure = (harness.ports.store.deployments.get(execution.name)?.failure ?? {}) as {
      cause?: string;
    };
    expect(failure.cause).toMatch(/900 s limit \(backup\.maxWaitSeconds\)/);
    expect(harness.ports.migrator.runs).toEqual([]);
    expect(harness.ports.router.weights).toEqual({ blue: 100, green: 0 });
    expect(harness.ports.store.locks.size).toBe(0);
  });

  it('rolls back without moving traffic when ECS says the rollout failed', async () => {
    // Prepare
    const harness = harnessFor(stagingConfig({ deployGreen: { maxWaitSeconds: 900 } }));
    harness.ports.compute.stableAfterPolls = Number.POSITIVE_INFINITY;
    const execution = harness.start(deployRequest());
    await harness.until(entered(harness, 'AwaitGreen'), 'AwaitGreen');
    const greenService = 'arn:aws:ecs:us-east-1:123456789012:service/main/shop-green';

    // Act: the circuit breaker trips, and ECS says so
    harness.ports.compute.rolloutFails = true;
    const result = await relay(harness, rolloutEvent(greenService, 'SERVICE_DEPLOYMENT_FAILED'));
    const finished = await execution.finished;

    // Assess
    expect(result.settled).toEqual([{ deploymentId: execution.name, kind: 'rollout', outcome: 'failed' }]);
    expect(finished.status).toBe('FAILED');
    expect(finished.error).toBe('GreenUnhealthyError');
    expect(finished.history.statesEntered()).not.toContain('GreenTimedOut');
    expect(harness.ports.router.weights).toEqual({ blue: 100, green: 0 });
  });

  it("answers an ECS event only for the service it names: another service's rollout is left waiting", async () => {
    // Prepare
    const harness = harnessFor(stagingConfig({ deployGreen: { maxWaitSeconds: 900 } }));
    harness.ports.compute.stableAfterPolls = 1;
    const execution = harness.start(deployRequest());
    await harness.until(entered(harness, 'AwaitGreen'), 'AwaitGreen');

    // Act
    const blue = await relay(
      harness,
      rolloutEvent('arn:aws:ecs:us-east-1:123456789012:service/main/shop-blue'),
    );
    const elsewhere = await relay(
      harness,
      rolloutEvent('arn:aws:ecs:us-east-1:123456789012:service/other-cluster/shop-green'),
    );
    const green = await relay(
      harness,
      rolloutEvent('arn:aws:ecs:us-east-1:123456789012:service/main/shop-green'),
    );

    // Assess
    expect(blue.settled).toEqual([]);
    expect(elsewhere.settled).toEqual([]);
    expect(green.settled).toEqual([{ deploymentId: execution.name, kind: 'rollout', outcome: 'completed' }]);
    expect((await execution.finished).status).toBe('SUCCEEDED');
  });

  it.each([
    [
      'an RDS event without its SourceIdentifier',
      { ...snapshotEvent('x'), detail: { Message: 'hi' } },
      'SourceIdentifier',
    ],
    ['an ECS event without resources', { ...rolloutEvent('x'), resources: [] }, 'resources'],
    ['an ECS event of IN_PROGRESS', rolloutEvent('x', 'SERVICE_DEPLOYMENT_IN_PROGRESS'), 'eventName'],
    ['a sweep with an unknown key', { environment: 'staging', extra: 1 }, 'extra'],
  ])('refuses %s, naming the field, and changes nothing', async (_name, event, field) => {
    // Prepare
    const harness = harnessFor();
    const before = JSON.stringify([...harness.ports.store.audits]);

    // Act
    const outcome = await relay(harness, event).then(
      () => null,
      (error: Error) => error,
    );

    // Assess
    expect(outcome?.name).toBe('InvalidRequestError');
    expect(outcome?.message).toContain(field);
    expect(JSON.stringify([...harness.ports.store.audits])).toBe(before);
  });
});

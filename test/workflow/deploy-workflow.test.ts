import { describe, expect, it } from 'vitest';
import { deployRequest, stagingConfig } from '../support/fixtures.ts';
import { createWorkflowHarness, type WorkflowHarness } from '../support/workflow-harness.ts';

/** A harness whose service already runs 1.0.0 on blue (so blue exists to compare with and return to). */
function harnessWithLiveBlue(configOverrides = {}): WorkflowHarness {
  const harness = createWorkflowHarness({ configs: { staging: stagingConfig(configOverrides) } });
  harness.ports.store.live.set('shop#staging', { colour: 'blue', version: '1.0.0' });
  return harness;
}

/** Green's p95 is 10× blue's (seed 000: more than +300% rolls back). */
function makeGreenSlow(harness: WorkflowHarness): void {
  harness.ports.metrics.statsFor = (colour) => ({
    requests: 1000,
    errors5xx: 0,
    p95Ms: colour === 'green' ? 400 : 40,
    unhealthyHostSeries: [0, 0],
  });
}

const greenShare = (harness: WorkflowHarness): number[] => harness.ports.router.history.map((w) => w.green);

describe('deploy.asl.json, run by aws-local-stepfunctions with the real handlers', () => {
  it('moves a healthy release 0 → 10 → 50 → 100, flips the live colour, decommissions blue, releases the lock', async () => {
    // Prepare
    const harness = harnessWithLiveBlue();

    // Act
    const execution = await harness.run(deployRequest());

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect(harness.ports.router.history).toEqual([
      { blue: 90, green: 10 },
      { blue: 50, green: 50 },
      { blue: 0, green: 100 },
    ]);
    expect(await harness.ports.store.getLive('shop', 'staging')).toEqual({
      colour: 'green',
      version: '1.1.0',
    });
    expect(harness.ports.compute.scaledToZero).toEqual(['blue']);
    expect(harness.ports.store.locks.size).toBe(0);
    expect(harness.ports.snapshots.created).toHaveLength(1);
    expect(harness.ports.migrator.runs).toHaveLength(1);
    const subjects = harness.ports.notifier.sent.map((n) => n.subject);
    expect(subjects).toEqual([
      '[Greenlight] Deployment started: shop 1.1.0 in staging',
      '[Greenlight] Deployment succeeded: shop 1.1.0 in staging',
    ]);
    expect((await harness.ports.store.getDeployment('deploy-1'))?.status).toBe('succeeded');
  });

  it('rolls back to 100% blue when an alarm fires during the 50% bake, with the seed 000 §6.4 notification', async () => {
    // Prepare: when the 50% bake arms, green's 5xx alarm fires and EventBridge delivers it to the relay.
    const harness = harnessWithLiveBlue();
    const store = harness.ports.store;
    const putCallback = store.putCallback.bind(store);
    store.putCallback = async (deploymentId, kind, token) => {
      await putCallback(deploymentId, kind, token);
      if (kind === 'bake' && harness.ports.router.weights.green === 50) {
        await harness.raiseAlarm(
          'greenlight.shop.staging.green.5xx-rate',
          'Threshold Crossed: 2 datapoints > 5.0',
        );
      }
    };

    // Act
    const execution = await harness.run(deployRequest());

    // Assess
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('AlarmTriggeredError');
    expect(execution.cause).toContain('greenlight.shop.staging.green.5xx-rate');
    expect(greenShare(harness)).toEqual([10, 50, 0]);
    expect(harness.ports.router.weights).toEqual({ blue: 100, green: 0 });
    expect(store.locks.size).toBe(0);
    expect(await store.getLive('shop', 'staging')).toEqual({ colour: 'blue', version: '1.0.0' });
    const rollback = harness.ports.notifier.sent.find((n) => n.subject.includes('Rollback notification'));
    expect(rollback?.severity).toBe('critical');
    expect(Object.keys(rollback?.fields ?? {})).toEqual(
      expect.arrayContaining([
        'Time',
        'Environment',
        'Reason',
        'Action Taken',
        'Current Status',
        'Impact',
        'Resolution',
        'Contact',
      ]),
    );
    expect(rollback?.fields['Action Taken']).toBe('Rollback to version 1.0.0');
    expect(rollback?.fields['Current Status']).toBe('Stable');
    expect(rollback?.fields.Reason).toContain('AlarmTriggeredError');
    expect(rollback?.fields.Impact).toContain('50%');
    expect(rollback?.fields.Contact).toBe('ops@example.com');
    expect((await store.getDeployment('deploy-1'))?.status).toBe('rolled-back');
  });

  it('never moves traffic onto a dead blue: a rollback with blue down keeps the traffic, the lock, and pages', async () => {
    // Prepare: blue dies while green bakes at 10%, then green's alarm fires.
    const harness = harnessWithLiveBlue();
    const store = harness.ports.store;
    const putCallback = store.putCallback.bind(store);
    store.putCallback = async (deploymentId, kind, token) => {
      await putCallback(deploymentId, kind, token);
      if (kind === 'bake') {
        harness.ports.router.health.blue = {
          healthy: 0,
          unhealthy: 2,
          details: ['10.0.1.7:8080 unhealthy (Target.FailedHealthChecks)'],
        };
        await harness.raiseAlarm('greenlight.shop.staging.green.5xx-rate', 'Threshold Crossed');
      }
    };

    // Act
    const execution = await harness.run(deployRequest());

    // Assess: the router was never set to 100% blue; the lock stays; a person is paged.
    expect(execution.history.statesEntered()).toContain('RollbackFailed');
    expect(greenShare(harness)).toEqual([10]);
    expect(harness.ports.router.weights).toEqual({ blue: 90, green: 10 });
    expect(store.locks.size).toBe(1);
    const page = harness.ports.notifier.sent.find((n) => n.subject.includes('Rollback FAILED'));
    expect(page?.severity).toBe('critical');
    expect(page?.fields['Action Taken']).toContain(
      'has no healthy targets, so traffic was not moved onto it',
    );
  });

  it('points the test listener at the colour it deploys, before the smoke tests and the trial', async () => {
    // Prepare: the previous deployment left the test listener on blue, the live colour.
    const shop = stagingConfig().services.shop;
    const harness = harnessWithLiveBlue({
      services: {
        shop: { ...shop, testListener: 'http://test.example:8443', testListenerArn: 'listener/shop-test' },
      },
    });
    harness.ports.router.testListener = 'blue';
    let atVerifyGreen: string | null = null;
    const trial = harness.ports.smoke.trial.bind(harness.ports.smoke);
    harness.ports.smoke.trial = async (binding, settings) => {
      atVerifyGreen = harness.ports.router.testListener;
      return trial(binding, settings);
    };

    // Act
    const execution = await harness.run(deployRequest());

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect(atVerifyGreen).toBe('green');
  });

  it('keeps the lock and pages when blue, back on all traffic, does not answer through the production listener (its health lags)', async () => {
    // Prepare: green's alarm fires at 10%; blue still looks healthy to its target group, but
    // died a moment ago: the production listener gets no answer from it.
    const harness = harnessWithLiveBlue();
    const store = harness.ports.store;
    const putCallback = store.putCallback.bind(store);
    store.putCallback = async (deploymentId, kind, token) => {
      await putCallback(deploymentId, kind, token);
      if (kind === 'bake') {
        for (const path of ['/health', '/health/ready', '/health/db'])
          harness.ports.smoke.failingLivePaths.add(path);
        await harness.raiseAlarm('greenlight.shop.staging.green.5xx-rate', 'Threshold Crossed');
      }
    };

    // Act
    const execution = await harness.run(deployRequest());

    // Assess
    expect(execution.history.statesEntered()).toContain('RollbackFailed');
    expect(store.locks.size).toBe(1);
    const page = harness.ports.notifier.sent.find((n) => n.subject.includes('Rollback FAILED'));
    expect(page?.severity).toBe('critical');
    expect(execution.cause).toContain('does not answer through the production listener');
  });

  it('reverts what a migration run applied before it failed half-way (001 applied, 002 failed)', async () => {
    // Prepare
    const harness = harnessWithLiveBlue({ rollback: { database: 'down-scripts' } });
    harness.ports.migrator.migrations = [
      { id: '001_add_note', checksum: 'sha256:1', blueCompatible: true },
      { id: '002_bad', checksum: 'sha256:2', blueCompatible: true },
    ];
    harness.ports.migrator.failAfter = 1;

    // Act
    const execution = await harness.run(deployRequest());

    // Assess: the rollback knew 001 had been applied, and ran the down scripts.
    expect(execution.error).toBe('MigrationFailedError');
    const record = await harness.ports.store.getDeployment('deploy-1');
    expect(record?.migrationsApplied).toEqual([
      { id: '001_add_note', checksum: 'sha256:1', blueCompatible: true },
    ]);
    const audit = await harness.ports.store.listAudit('deploy-1');
    const rolledBack = audit.find((e) => e.type === 'rolled-back');
    expect(rolledBack?.detail.database).toBe('down-scripts');
    expect(harness.ports.migrator.reverted.length).toBeGreaterThan(0);
    expect(audit.filter((e) => e.type === 'migration.applied').map((e) => e.detail.id)).toEqual([
      '001_add_note',
    ]);
  });

  it('rolls back with the notifier down, and records every page that could not be sent', async () => {
    // Prepare: SNS is unreachable for the whole deployment; green is slow, so it is rolled back.
    const harness = harnessWithLiveBlue();
    harness.ports.notifier.failing = true;
    makeGreenSlow(harness);

    // Act
    const execution = await harness.run(deployRequest());

    // Assess: the rollback was not blocked, and the audit trail says which pages were lost.
    expect(execution.error).toBe('VerificationFailedError');
    expect(harness.ports.router.weights).toEqual({ blue: 100, green: 0 });
    expect(harness.ports.store.locks.size).toBe(0);
    const failed = (await harness.ports.store.listAudit('deploy-1')).filter(
      (e) => e.type === 'notification.failed',
    );
    expect(failed.map((e) => e.detail.template)).toEqual(expect.arrayContaining(['started', 'rolled-back']));
    expect(failed.find((e) => e.detail.template === 'rolled-back')?.detail).toMatchObject({
      severity: 'critical',
      error: 'SNS Publish failed: topic unreachable',
    });
  });

  it('rolls back when verify finds green far slower than blue', async () => {
    // Prepare: green's p95 is 10× blue's (seed 000: more than +300% rolls back).
    const harness = harnessWithLiveBlue();
    makeGreenSlow(harness);

    // Act
    const execution = await harness.run(deployRequest());

    // Assess
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('VerificationFailedError');
    expect(execution.cause).toMatch(/latency|p95/i);
    expect(greenShare(harness)).toEqual([10, 0]);
    expect(harness.ports.store.locks.size).toBe(0);
  });

  it('rolls back a green that errs in its pre-traffic trial before any user traffic reaches it', async () => {
    // Prepare: 60 of green's 600 trial requests fail, none of blue's.
    const harness = harnessWithLiveBlue();
    harness.ports.smoke.trialResult = {
      green: { requests: 600, errors: 60, p95Ms: 25 },
      blue: { requests: 600, errors: 0, p95Ms: 25 },
      seconds: 30,
    };

    // Act
    const execution = await harness.run(deployRequest());

    // Assess
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('VerificationFailedError');
    expect(execution.cause).toContain('pre-traffic trial failed: early verdict: 60 errors in 600 requests');
    expect(greenShare(harness).every((share) => share === 0)).toBe(true);
    expect(harness.ports.router.weights).toEqual({ blue: 100, green: 0 });
    const rollback = harness.ports.notifier.sent.find((n) => n.subject.includes('Rollback'));
    expect(rollback?.fields.Impact).toBe('no user traffic reached 1.1.0');
    expect(harness.ports.store.locks.size).toBe(0);
  });

  it('judges a first deployment’s trial without blue, and skips the trial when it is turned off', async () => {
    // Prepare
    const first = createWorkflowHarness({ configs: { staging: stagingConfig() } });
    const shop = stagingConfig().services?.shop;
    const off = harnessWithLiveBlue({ services: { shop: { ...shop, trial: { requests: 0 } } } });

    // Act
    const firstRun = await first.run(deployRequest());
    const offRun = await off.run(deployRequest());

    // Assess
    expect(firstRun.status).toBe('SUCCEEDED');
    expect(first.ports.smoke.trials).toHaveLength(1);
    expect(first.ports.smoke.trials[0]?.productionUrl).toBeUndefined();
    expect(offRun.status).toBe('SUCCEEDED');
    expect(off.ports.smoke.trials).toHaveLength(0);
  });

  it('rolls back without moving any traffic when green never becomes stable', async () => {
    // Prepare
    const harness = harnessWithLiveBlue();
    harness.ports.compute.stableAfterPolls = Number.POSITIVE_INFINITY;

    // Act
    const execution = await harness.run(deployRequest());

    // Assess
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('GreenUnhealthyError');
    expect(greenShare(harness).every((share) => share === 0)).toBe(true);
    expect(harness.ports.router.weights).toEqual({ blue: 100, green: 0 });
    const rollback = harness.ports.notifier.sent.find((n) => n.subject.includes('Rollback'));
    expect(rollback?.fields.Impact).toBe('no user traffic reached 1.1.0');
    expect(harness.ports.store.locks.size).toBe(0);
  });

  it('retries a transient throttle on ShiftWeight and succeeds', async () => {
    // Prepare
    const harness = harnessWithLiveBlue();
    harness.ports.router.throttleNextSets = 2;

    // Act
    const execution = await harness.run(deployRequest());

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect(greenShare(harness)).toEqual([10, 50, 100]);
    const retried = execution.history.all().filter((e) => e.type === 'TaskFailed');
    expect(retried).toHaveLength(2);
  });

  it('rolls back when ShiftWeight stays throttled past its retries', async () => {
    // Prepare: every forward move is throttled; the rollback's move back is not.
    const harness = harnessWithLiveBlue();
    harness.ports.router.throttleNextSets = Number.POSITIVE_INFINITY;
    harness.ports.router.throttleOnlyForward = true;

    // Act
    const execution = await harness.run(deployRequest());

    // Assess
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('ThrottledError');
    expect(greenShare(harness).every((share) => share === 0)).toBe(true);
    expect(harness.ports.store.locks.size).toBe(0);
    expect(execution.history.all().filter((e) => e.type === 'TaskFailed').length).toBeGreaterThanOrEqual(5);
  });

  it('refuses a bad request at Preflight, naming the field, and changes nothing', async () => {
    // Prepare
    const harness = harnessWithLiveBlue();

    // Act
    const execution = await harness.run({ ...deployRequest(), version: 'latest' });

    // Assess
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('InvalidRequestError');
    expect(execution.cause).toContain('version');
    expect(execution.cause).toContain('semantic version');
    expect(execution.history.statesEntered()).toEqual(['Preflight', 'Refused']);
    expect(harness.ports.router.history).toEqual([]);
    expect(harness.ports.store.locks.size).toBe(0);
    expect(harness.ports.store.deployments.size).toBe(0);
    expect(harness.ports.notifier.sent).toEqual([]);
    expect(harness.ports.snapshots.created).toEqual([]);
  });

  it.each([
    ['a JSON array', [{ service: 'shop' }]],
    ['a string', 'deploy shop 1.1.0'],
    ['a number', 42],
  ])(
    'refuses a request that is %s at Preflight, with its reason, and changes nothing',
    async (_, request) => {
      // Prepare
      const harness = harnessWithLiveBlue();

      // Act
      const execution = await harness.run(request as never);

      // Assess
      expect([execution.status, execution.error]).toEqual(['FAILED', 'InvalidRequestError']);
      expect(execution.cause).toMatch(/expected object/i);
      expect(execution.history.statesEntered()).toEqual(['Preflight', 'Refused']);
      expect(harness.ports.router.history).toEqual([]);
      expect(harness.ports.store.locks.size).toBe(0);
      expect(harness.ports.store.deployments.size).toBe(0);
      expect(harness.ports.notifier.sent).toEqual([]);
    },
  );

  it('refuses a migrations location that holds no migrations at Preflight, before any lock, snapshot or page', async () => {
    // Prepare
    const harness = harnessWithLiveBlue();
    harness.ports.migrator.checkFails = 'migration folder /srv/nowhere does not exist or is not a folder';

    // Act
    const execution = await harness.run(deployRequest({ migrations: { location: '/srv/nowhere' } }));

    // Assess
    expect(execution.error).toBe('InvalidRequestError');
    expect(execution.cause).toContain(
      'request.migrations.location: migration folder /srv/nowhere does not exist',
    );
    expect(execution.history.statesEntered()).toEqual(['Preflight', 'Refused']);
    expect(harness.ports.store.locks.size).toBe(0);
    expect(harness.ports.store.deployments.size).toBe(0);
    expect(harness.ports.snapshots.created).toEqual([]);
    expect(harness.ports.notifier.sent).toEqual([]);
  });

  it('refuses a second deployment of the same service and environment while one runs, leaving the first alone', async () => {
    // Prepare
    const harness = harnessWithLiveBlue();
    const first = harness.start(deployRequest(), 'first');
    await harness.until(() => harness.ports.router.history.length > 0, 'the first deployment moved traffic');

    // Act
    const second = await harness.run(
      deployRequest({ version: '1.2.0', image: 'registry.example.com/shop:1.2.0' }),
      'second',
    );
    const firstDone = await first.finished;

    // Assess
    expect(second.status).toBe('FAILED');
    expect(second.error).toBe('LockHeldError');
    expect(second.cause).toContain('first');
    expect(firstDone.status).toBe('SUCCEEDED');
    expect(greenShare(harness)).toEqual([10, 50, 100]);
    expect(harness.ports.store.locks.size).toBe(0);
  });

  it('waits at the approval gate until the task token is answered', async () => {
    // Prepare: minor releases need a team lead (seed 000 §4.2).
    const harness = harnessWithLiveBlue({ approvals: { minor: [{ role: 'team-lead', count: 1 }] } });
    const execution = harness.start(deployRequest());
    await harness.until(
      () => harness.sfn.tokens.waiting().some((t) => t.stateName === 'AwaitApproval'),
      'approval is awaited',
    );
    expect(harness.ports.router.history).toEqual([]);

    // Act
    const token = await harness.ports.store.getCallback('deploy-1', 'approval');
    harness.sfn.sendTaskSuccess(token ?? '', JSON.stringify({ approvedBy: 'lead@example.com' }));
    const done = await execution.finished;

    // Assess
    expect(done.status).toBe('SUCCEEDED');
    expect(harness.ports.notifier.sent.some((n) => n.subject.includes('Approval needed'))).toBe(true);
  });

  it('ends without moving traffic when the approval is rejected', async () => {
    // Prepare
    const harness = harnessWithLiveBlue({ approvals: { minor: [{ role: 'team-lead', count: 1 }] } });
    const execution = harness.start(deployRequest());
    await harness.until(() => harness.sfn.tokens.waiting().length > 0, 'approval is awaited');

    // Act
    const token = await harness.ports.store.getCallback('deploy-1', 'approval');
    harness.sfn.sendTaskFailure(
      token ?? '',
      'ApprovalRejectedError',
      'rejected by lead@example.com: not this week',
    );
    const done = await execution.finished;

    // Assess
    expect(done.status).toBe('FAILED');
    expect(done.error).toBe('ApprovalRejectedError');
    expect(greenShare(harness).every((share) => share === 0)).toBe(true);
    expect(harness.ports.snapshots.created).toEqual([]);
    expect(harness.ports.store.locks.size).toBe(0);
  });

  it.each([
    ['reject', 'FAILED', 'ApprovalRejectedError'],
    ['approve', 'SUCCEEDED', undefined],
  ] as const)('treats an approval timeout as onTimeout=%s says', async (onTimeout, status, error) => {
    // Prepare: nobody answers the team-lead approval within its 20 minutes; the approval
    // reminder keeps heartbeating meanwhile, so this is the timeout and not a lost heartbeat.
    const harness = harnessWithLiveBlue({
      approvals: { minor: [{ role: 'team-lead', count: 1 }] },
      approvalGate: { timeoutSeconds: 1200, onTimeout },
    });

    // Act
    const execution = await harness.run(deployRequest());

    // Assess
    expect(execution.status).toBe(status);
    expect(execution.error).toBe(error);
    if (onTimeout === 'reject') {
      expect(execution.cause).toContain('timed out');
      expect(greenShare(harness).every((share) => share === 0)).toBe(true);
      expect(harness.ports.store.locks.size).toBe(0);
    }
  });
});

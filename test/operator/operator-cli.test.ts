import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServe, startServe } from '../../src/local-world/serve.ts';
import { openSession, type SfnSession } from '../../src/operator/sfn-session.ts';
import { deploymentStatus } from '../../src/operator/status.ts';
import { until } from '../support/until.ts';
import { runCli } from './run-cli.ts';

describe('operator CLI against greenlight serve', () => {
  let serve: RunningServe;
  let session: SfnSession;
  let endpoint: string[];

  const deploy = (id: string, version: string) =>
    runCli([
      'deploy',
      ...endpoint,
      '--json',
      '--service=shop',
      '--environment=local',
      `--version=${version}`,
      `--image=local/shop:${version}`,
      '--release-type=major',
      '--change-request=CHG-2000',
      '--requested-by=release-manager@example.com',
      `--deployment-id=${id}`,
    ]);
  const waitingForApproval = (id: string) =>
    until(`${id} to wait at AwaitApproval`, async () => {
      const status = await deploymentStatus(session, id);
      return status.waiting.some((w) => w.step === 'approval') ? status : undefined;
    });
  const ended = (id: string) =>
    until(`${id} to end`, async () => {
      const status = await deploymentStatus(session, id);
      return status.status === 'RUNNING' ? undefined : status;
    });

  beforeAll(async () => {
    serve = await startServe({ port: 0, timeScale: 60, rps: 60 });
    endpoint = ['--endpoint', serve.endpoint];
    session = openSession({ endpoint: serve.endpoint });
  });

  afterAll(async () => {
    session?.sfn.destroy();
    await serve?.close();
  });

  it('a major release waits until greenlight approve, then proceeds to SUCCEEDED', async () => {
    // Prepare
    expect(JSON.parse(await deploy('major-ok', '2.0.0'))).toMatchObject({
      deploymentId: 'major-ok',
      status: 'RUNNING',
    });
    const waiting = await waitingForApproval('major-ok');
    expect(waiting.currentState).toBe('AwaitApproval');
    expect(await serve.world.router.readWeights()).toMatchObject({ blue: 100, green: 0 });
    const status = await runCli(['status', 'major-ok', ...endpoint]);
    expect(status).toContain('waiting: AwaitApproval');

    // Act
    const approved = await runCli([
      'approve',
      'major-ok',
      ...endpoint,
      '--approval-url',
      serve.approvalUrl,
      '--by',
      'cab@example.com',
      '--role',
      'cab',
    ]);

    // Assess
    expect(approved).toContain('AwaitApproval answered with success');
    const done = await ended('major-ok');
    expect(done.status).toBe('SUCCEEDED');
    expect(done.history.decisions[0]).toMatchObject({ state: 'AwaitApproval', outcome: 'succeeded' });
    expect(done.history.decisions[0]?.detail).toContain('cab@example.com');
    expect(done.history.weights.map((w) => w.greenPercent)).toEqual([10, 50, 100]);
    expect(await serve.world.ports.store.getLive('shop', 'local')).toEqual({
      colour: 'green',
      version: '2.0.0',
    });
  }, 30_000);

  it('after greenlight reject the deployment ends FAILED with ApprovalRejectedError and traffic never moved', async () => {
    // Prepare: green (2.0.0) is live now; the next release targets blue.
    const before = await serve.world.router.readWeights();
    await deploy('major-no', '3.0.0');
    await waitingForApproval('major-no');

    // Act
    const rejected = await runCli([
      'reject',
      'major-no',
      ...endpoint,
      '--by',
      'cab@example.com',
      '--reason',
      'not ready',
    ]);

    // Assess
    expect(rejected).toContain('ApprovalRejectedError');
    const done = await ended('major-no');
    expect(done.status).toBe('FAILED');
    expect(done.error).toBe('ApprovalRejectedError');
    expect(done.cause).toContain('not ready');
    expect(done.history.steps.map((s) => s.name)).not.toContain('ShiftWeight');
    expect(await serve.world.router.readWeights()).toEqual(before);
    const events = await serve.world.ports.store.listAudit('major-no');
    expect(events.filter((e) => e.type === 'weights.changed' && !e.detail.rollback)).toEqual([]);
  }, 30_000);

  it('explains when there is nothing to approve, and lists and shows deployments', async () => {
    await expect(runCli(['approve', 'major-ok', ...endpoint])).rejects.toThrow(
      /has already ended \(SUCCEEDED\)/,
    );
    await expect(runCli(['approve', 'nope', ...endpoint])).rejects.toThrow(/no deployment nope/);
    const history = JSON.parse(await runCli(['history', ...endpoint, '--service', 'shop', '--json']));
    expect(history.map((r: { deploymentId: string }) => r.deploymentId)).toEqual(['major-no', 'major-ok']);
    const shown = await runCli(['show', 'major-ok', ...endpoint]);
    expect(shown).toContain('Promote: ok');
  });
});

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
      // The form the README shows: a separate argument, once swallowed by the root's --version.
      '--version',
      version,
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
    expect(await serve.world.service().router.readWeights()).toMatchObject({ blue: 100, green: 0 });
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
    const before = await serve.world.service().router.readWeights();
    await deploy('major-no', '3.0.0');
    await waitingForApproval('major-no');

    // Act
    const rejected = await runCli([
      'reject',
      'major-no',
      ...endpoint,
      '--approval-url',
      serve.approvalUrl,
      '--by',
      'cab@example.com',
      '--role',
      'cab',
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
    expect(await serve.world.service().router.readWeights()).toEqual(before);
    const events = await serve.world.ports.store.listAudit('major-no');
    // Through the gate: the rejection is in the audit trail with who, as what, and why.
    expect(events.find((e) => e.type === 'approval.rejected')?.detail).toMatchObject({
      by: 'cab@example.com',
      role: 'cab',
      reason: 'not ready',
    });
    expect(events.filter((e) => e.type === 'weights.changed' && !e.detail.rollback)).toEqual([]);
  }, 30_000);

  it('explains when there is nothing to approve, and lists and shows deployments', async () => {
    await expect(runCli(['approve', 'major-ok', ...endpoint])).rejects.toThrow(
      /has already ended \(SUCCEEDED\)/,
    );
    await expect(runCli(['approve', 'nope', ...endpoint])).rejects.toThrow(/no deployment nope/);
  });

  it('history lists the Store’s deployment records, filtered by service and environment', async () => {
    // Act
    const reading = [...endpoint, '--audit-url', serve.auditUrl];
    const rows = JSON.parse(await runCli(['history', ...reading, '--service', 'shop', '--json']));
    const text = await runCli(['history', ...reading, '--env', 'local']);
    const none = await runCli(['history', ...reading, '--service', 'billing']);

    // Assess
    expect(rows.map((r: { deploymentId: string }) => r.deploymentId)).toEqual(['major-no', 'major-ok']);
    expect(rows[1]).toMatchObject({
      service: 'shop',
      environment: 'local',
      version: '2.0.0',
      status: 'succeeded',
    });
    const lines = text.trim().split('\n');
    expect(lines[0]).toMatch(/^STARTED\s+SERVICE\s+ENV\s+VERSION\s+STATUS\s+OUTCOME\s+DEPLOYMENT$/);
    expect(lines[1]).toMatch(
      /shop\s+local\s+3\.0\.0\s+rolled-back\s+rolled-back after .*ApprovalRejectedError\s+major-no$/,
    );
    expect(lines[2]).toMatch(/shop\s+local\s+2\.0\.0\s+succeeded\s+succeeded after .*major-ok$/);
    expect(none.trim()).toBe('no deployments recorded');
  });

  it('show prints the execution and the audit record: approvals, weights, snapshot, outcome', async () => {
    // Prepare
    const reading = [...endpoint, '--audit-url', serve.auditUrl];
    const stored = await serve.world.ports.store.getDeployment('major-ok');
    const snapshotId = String(stored?.snapshotId);
    expect(snapshotId).toMatch(/\S/);

    // Act
    const shown = await runCli(['show', 'major-ok', ...reading]);
    const full = JSON.parse(await runCli(['show', 'major-ok', ...reading, '--json']));
    const rejected = await runCli(['show', 'major-no', ...reading]);

    // Assess
    expect(shown).toContain('Promote: ok');
    expect(shown).toContain('Audit record (store) of major-ok:');
    expect(shown).toMatch(
      /request: +shop 2\.0\.0 \(major\) to local change CHG-2000 requested by release-manager@example\.com/,
    );
    expect(shown).toMatch(/approvals: +1× cab requested at /);
    expect(shown).toMatch(/approved by cab@example\.com as cab \(via iam-endpoint\)/);
    expect(shown).toContain(`snapshot:   ${snapshotId}`);
    for (const green of [10, 50, 100])
      expect(shown).toMatch(new RegExp(`blue ${100 - green}% / green ${green}%`));
    expect(shown).toMatch(/outcome: +succeeded at \d{4}-/);
    expect(full.audit).toMatchObject({
      deploymentId: 'major-ok',
      snapshotId,
      approvals: { decisions: [{ decision: 'approved', by: 'cab@example.com', role: 'cab' }] },
      outcome: { status: 'succeeded' },
    });
    expect(full.audit.weightChanges.map((w: { weights: { green: number } }) => w.weights.green)).toEqual([
      10, 50, 100,
    ]);
    expect(full.audit.events.length).toBeGreaterThan(5);
    expect(rejected).toMatch(/rejected by cab@example\.com as cab \(via iam-endpoint\): not ready/);
    expect(rejected).toMatch(/outcome: +rolled-back at .*ApprovalRejectedError/);
  });

  it('history and show explain where the audit records are when no audit API is given', async () => {
    await expect(runCli(['history', ...endpoint])).rejects.toThrow(/--audit-url .*GREENLIGHT_AUDIT_URL/);
    await expect(runCli(['show', 'major-ok', ...endpoint])).rejects.toThrow(/--audit-url/);
  });

  it('unlock refuses while the owning execution waits, then releases an abandoned lock, audited', async () => {
    // Prepare: a major release waiting for its approval holds shop#local.
    await deploy('lock-held', '2.1.0');
    await waitingForApproval('lock-held');
    const unlocking = [
      'unlock',
      'shop',
      'local',
      ...endpoint,
      '--audit-url',
      serve.auditUrl,
      '--by',
      'alice',
    ];
    const reason = ['--reason', 'the pipeline that started it was deleted'];

    // Act / Assess: refused, and nothing changed.
    await expect(runCli([...unlocking, ...reason])).rejects.toThrow(/is RUNNING: stop it instead/);
    expect((await serve.world.ports.store.readLock('shop#local'))?.owner).toBe('lock-held');
    await expect(runCli(unlocking)).rejects.toThrow(/--reason is required/);

    // Prepare: the release ends (rejected); a lock left by an execution Step Functions no longer knows.
    await runCli([
      'reject',
      'lock-held',
      ...endpoint,
      '--approval-url',
      serve.approvalUrl,
      '--as',
      'cab-1',
      '--role',
      'cab',
      '--reason',
      'not today',
    ]);
    await ended('lock-held');
    await serve.world.ports.store.acquireLock({
      key: 'shop#local',
      owner: 'lost-1',
      executionId: 'arn:aws:states:local:000000000000:execution:greenlight-deploy:lost-1',
      nowMs: 0,
      staleAfterMs: 86_400_000,
    });

    // Act
    const released = JSON.parse(await runCli([...unlocking, ...reason, '--json']));

    // Assess
    expect(released).toMatchObject({ key: 'shop#local', owner: 'lost-1', ownerStatus: null });
    expect(await serve.world.ports.store.readLock('shop#local')).toBeNull();
    const audit = await serve.world.ports.store.listAudit('lost-1');
    expect(audit.map((e) => [e.type, e.detail.by, e.detail.reason])).toEqual([
      ['lock.released', 'alice', 'the pipeline that started it was deleted'],
    ]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServe, startServe } from '../../src/local-world/serve.ts';
import { openSession, type SfnSession } from '../../src/operator/sfn-session.ts';
import { deploymentStatus } from '../../src/operator/status.ts';
import { until } from '../support/until.ts';
import { runCli } from './run-cli.ts';

describe('greenlight approve counts distinct approvers (2 × cab)', () => {
  let serve: RunningServe;
  let session: SfnSession;
  let connection: string[];

  const approveAs = (id: string, who: string, role = 'cab') =>
    runCli(['approve', id, ...connection, '--role', role, '--as', who]);
  const stillWaiting = async (id: string) => {
    const status = await deploymentStatus(session, id);
    return { state: status.currentState, weights: await serve.world.service().router.readWeights() };
  };

  beforeAll(async () => {
    serve = await startServe({
      port: 0,
      timeScale: 60,
      rps: 60,
      approvals: { major: [{ role: 'cab', count: 2 }] },
    });
    connection = ['--endpoint', serve.endpoint, '--approval-url', serve.approvalUrl];
    session = openSession({ endpoint: serve.endpoint });
  });

  afterAll(async () => {
    session?.sfn.destroy();
    await serve?.close();
  });

  it('waits after one approval and after the same person again, and proceeds after a second person', async () => {
    // Prepare
    await runCli([
      'deploy',
      '--endpoint',
      serve.endpoint,
      '--json',
      '--service=shop',
      '--environment=local',
      '--version=2.0.0',
      '--image=local/shop:2.0.0',
      '--release-type=major',
      '--change-request=CHG-2001',
      '--requested-by=release-manager@example.com',
      '--deployment-id=two-cab',
    ]);
    await until('two-cab to wait at AwaitApproval', async () => {
      const status = await deploymentStatus(session, 'two-cab');
      return status.waiting.some((w) => w.step === 'approval') ? status : undefined;
    });
    const waiting = { state: 'AwaitApproval', weights: { blue: 100, green: 0 } };

    // Act + Assess: the first approver is counted, the gate still waits.
    expect(await approveAs('two-cab', 'a@example.com')).toContain('approval recorded');
    expect(await stillWaiting('two-cab')).toMatchObject(waiting);

    // The same person again does not count (and changes nothing).
    await expect(approveAs('two-cab', 'A@example.com')).rejects.toThrow(/already approved/);
    expect(await stillWaiting('two-cab')).toMatchObject(waiting);

    // A role the gate does not require is refused.
    await expect(approveAs('two-cab', 'c@example.com', 'security')).rejects.toThrow(
      /not one this gate requires/,
    );

    // A second person completes the gate.
    expect(await approveAs('two-cab', 'b@example.com')).toContain('AwaitApproval answered with success');
    const done = await until('two-cab to end', async () => {
      const status = await deploymentStatus(session, 'two-cab');
      return status.status === 'RUNNING' ? undefined : status;
    });
    expect(done.status).toBe('SUCCEEDED');
    expect(done.history.decisions[0]?.detail).toContain('a@example.com');
    expect(done.history.decisions[0]?.detail).toContain('b@example.com');
    const grants = (await serve.world.ports.store.listAudit('two-cab')).filter(
      (e) => e.type === 'approval.granted',
    );
    expect(grants.map((g) => g.detail.by)).toEqual(['a@example.com', 'b@example.com']);
  }, 30_000);

  it('refuses an approval of an ended deployment before asking for the approval API', async () => {
    await expect(
      runCli(['approve', 'two-cab', '--endpoint', serve.endpoint, '--role', 'cab', '--as', 'x@example.com']),
    ).rejects.toThrow(/has already ended \(SUCCEEDED\)/);
  });
});

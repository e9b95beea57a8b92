/**
 * The local world's RDS and ECS publish the events AWS documents, and its rules send them to the
 * wait relay, as the CDK rules do on AWS: a slow snapshot is waited for without polling, and a
 * lost event is caught by the relay's sweep. Real HTTP, a real PostgreSQL engine, the real ASL.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { waitRelaySweepEverySeconds } from '../../functions/wait-relay/handler.ts';
import { type LocalWorld, startLocalWorld } from '../../src/local-world/world.ts';

let world: LocalWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const request = {
  service: 'shop',
  environment: 'local',
  version: '1.1.0',
  image: 'local/shop:1.1.0',
  releaseType: 'minor',
  changeRequestId: 'CHG-9',
  requestedBy: 'release@example.com',
};

async function deployWithSnapshotTaking(
  snapshotCreationSeconds: number,
  options: { loseRdsEvents?: boolean } = {},
) {
  world = await startLocalWorld({
    liveVersion: '1.0.0',
    behaviour: () => ({ latencyMs: 5 }),
    snapshotCreationSeconds,
    trial: { requests: 0 },
    config: {
      trafficPlan: [{ weightPercent: 100, bakeSeconds: 60 }],
      standbySeconds: 60,
      backup: { enabled: true, maxWaitSeconds: 7200 },
      // No load: these runs are about the waits, so the bakes judge nothing and move on.
      verify: { onInsufficientData: 'proceed' },
    },
    ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {}),
  });
  if (options.loseRdsEvents) world.bus.deleteRule('greenlight-snapshot-events');
  const execution = world.sfn.startExecution({
    stateMachineArn: world.deployStateMachineArn,
    name: `snapshot-${snapshotCreationSeconds}`,
    input: JSON.stringify(request),
  });
  const finished = await execution.finished;
  const audit = await world.ports.store.listAudit(execution.name);
  const at = (type: string) => audit.find((event) => event.type === type);
  const started = at('backup.started');
  const verified = at('backup.verified');
  const stable = at('green.stable');
  await world.close();
  world = undefined;
  return {
    status: finished.status,
    transitions: finished.history.transitions(),
    waitedSeconds: ((verified?.atMs ?? 0) - (started?.atMs ?? 0)) / 1000,
    backupBy: String(verified?.detail.by),
    rolloutBy: String(stable?.detail.by),
  };
}

describe('the local RDS and ECS events, through the wait relay', () => {
  it('wait out a 29-minute snapshot with the transitions of a 1-minute one, moving on when RDS says it is available', async () => {
    // Act
    const quick = await deployWithSnapshotTaking(60);
    const slow = await deployWithSnapshotTaking(1750);

    // Assess
    expect(quick.status).toBe('SUCCEEDED');
    expect(slow.status).toBe('SUCCEEDED');
    expect(slow.transitions).toBe(quick.transitions);
    expect(slow.backupBy).toMatch(
      /^an RDS event \(greenlight-shop-local-snapshot-1750.*Manual snapshot created\)$/,
    );
    expect(slow.waitedSeconds).toBeGreaterThanOrEqual(1750);
    expect(slow.waitedSeconds).toBeLessThan(1755);
    expect(slow.rolloutBy).toMatch(
      /^an ECS event \(SERVICE_DEPLOYMENT_COMPLETED of arn:aws:ecs:local:000000000000:service\/local\/shop-green\)$/,
    );
  }, 120_000);

  it('complete a wait whose RDS event was lost within one sweep', async () => {
    // Act
    const lost = await deployWithSnapshotTaking(550, { loseRdsEvents: true });

    // Assess
    expect(lost.status).toBe('SUCCEEDED');
    expect(lost.backupBy).toBe('the fallback sweep');
    expect(lost.waitedSeconds).toBeGreaterThanOrEqual(550);
    expect(lost.waitedSeconds).toBeLessThanOrEqual(550 + waitRelaySweepEverySeconds);
  }, 120_000);
});

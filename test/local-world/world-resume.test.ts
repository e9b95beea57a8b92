/**
 * A world started on a data directory resumes what it finds there: the colour that went live,
 * with its version, serving all traffic; the records; and the lock rules against a deployment
 * id that already ran.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVirtualClock } from '../../src/local-world/clock/virtual-clock.ts';
import { type LocalWorld, type LocalWorldOptions, startLocalWorld } from '../../src/local-world/world.ts';

const request = (version: string) =>
  JSON.stringify({
    service: 'shop',
    environment: 'local',
    version,
    image: `local/shop:${version}`,
    releaseType: 'minor',
    changeRequestId: 'CHG-1',
    requestedBy: 'me',
  });

describe('a world resumed from its data directory', () => {
  let dataDir: string;
  let world: LocalWorld | undefined;
  const options = (): LocalWorldOptions => ({
    dataDir,
    liveVersion: '1.0.0',
    behaviour: () => ({ latencyMs: 20 }),
    trial: { requests: 0 },
    // No load: nothing to judge, so the verdict proceeds (the matrix judges under load).
    config: {
      trafficPlan: [{ weightPercent: 100, bakeSeconds: 60 }],
      standbySeconds: 60,
      verify: { onInsufficientData: 'proceed' },
    },
  });
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'greenlight-world-'));
  });
  afterAll(async () => {
    await world?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('serves the colour that went live, at its version, and refuses to run a deployment id again', async () => {
    // Arrange: a release that goes live on green, then the world stops.
    world = await startLocalWorld(options());
    const done = await world.sfn.startExecution({
      stateMachineArn: world.deployStateMachineArn,
      name: 'release-1',
      input: request('1.1.0'),
    }).finished;
    expect([done.status, done.error, done.cause]).toEqual(['SUCCEEDED', undefined, undefined]);
    const stoppedAtMs = world.clock.nowMs();
    await world.close();
    world = undefined;

    // Act
    world = await startLocalWorld({
      ...options(),
      clock: (latest) => createVirtualClock({ startMs: (latest ?? 0) + 1000 }),
    });
    const again = await world.sfn.startExecution({
      stateMachineArn: world.deployStateMachineArn,
      name: 'release-1-again',
      input: JSON.stringify({ ...JSON.parse(request('1.1.0')), deploymentId: 'release-1' }),
    }).finished;

    // Assess
    const shop = world.service('shop');
    expect(world.interrupted).toEqual([]);
    expect(world.clock.nowMs()).toBeGreaterThan(stoppedAtMs);
    expect(shop.router.currentWeights()).toEqual({ blue: 0, green: 100 });
    const response = await fetch(shop.router.productionUrl);
    expect([response.status, response.headers.get('x-colour'), response.headers.get('x-version')]).toEqual([
      200,
      'green',
      '1.1.0',
    ]);
    expect(shop.isRegistered('blue')).toBe(false);
    expect(await world.ports.store.getDeployment('release-1')).toMatchObject({ status: 'succeeded' });
    expect(again.status).toBe('FAILED');
    expect(again.cause).toContain('a deployment id runs once');
  }, 120_000);
});

import { afterEach, describe, expect, it } from 'vitest';
import type { VirtualClock } from '../../src/local-world/clock/virtual-clock.ts';
import { type LoadGenerator, startLoad } from '../../src/local-world/http/load-generator.ts';
import { type LocalWorld, startLocalWorld } from '../../src/local-world/world.ts';
import type { ExecutionRecord } from '../../src/runtime/local-step-functions.ts';

/**
 * A deployment whose execution is stopped (StopExecution), mid-bake or in standby, is reconciled
 * by the Step Functions status-change rule: traffic all on a colour that serves, probed through
 * the production listener; the lock free; the record closed with an outcome in the audit trail;
 * and a page sent. Before reconcile, a stop mid-bake left traffic split 50/50, the lock held for
 * 24 h, the record "running", and nobody told. (Standby and a failed Finish are rows of the fault
 * matrix, fault-matrix.*.test.ts; these cases assert the page and the record in full.)
 */
let world: LocalWorld | undefined;
let load: LoadGenerator | undefined;
afterEach(async () => {
  await load?.stop();
  await world?.close();
  world = undefined;
  load = undefined;
});

const request = {
  service: 'shop',
  environment: 'local',
  version: '1.1.0',
  image: 'local/shop:1.1.0',
  releaseType: 'minor',
  changeRequestId: 'CHG-7',
  requestedBy: 'release@example.com',
};

async function worldInState(state: string, weightGreen?: number, standbySeconds = 3600) {
  world = await startLocalWorld({
    liveVersion: '1.0.0',
    behaviour: () => ({ latencyMs: 20 }),
    config: {
      trafficPlan: [
        { weightPercent: 10, bakeSeconds: 300 },
        { weightPercent: 50, bakeSeconds: 300 },
        { weightPercent: 100, bakeSeconds: 300 },
      ],
      standbySeconds,
    },
  });
  const clock = world.clock as VirtualClock;
  // Under load, as production is: the bakes judge real requests.
  load = startLoad({ url: world.service().router.productionUrl, rps: 20, writeRatio: 0.1, clock });
  const execution = world.sfn.startExecution({
    stateMachineArn: world.deployStateMachineArn,
    name: 'stop-me',
    input: JSON.stringify(request),
  });
  const service = world.service();
  const entered = (e: ExecutionRecord) => e.history.statesEntered().at(-1);
  let greenWeight = 0;
  await clock.until(() => {
    void service.router.readWeights().then((w) => {
      greenWeight = w.green;
    });
    return entered(execution) === state && (weightGreen === undefined || greenWeight === weightGreen);
  }, `the deployment in ${state}`);
  return { world, clock, execution, service };
}

/** What the production listener serves: 40 GETs, by the colour that answered. */
async function probe(productionUrl: string) {
  const colours: string[] = [];
  for (let i = 0; i < 40; i++) {
    const response = await fetch(new URL('/', productionUrl));
    colours.push(response.headers.get('x-colour') ?? `status ${response.status}`);
    await response.arrayBuffer();
  }
  return colours;
}

describe('StopExecution is reconciled', () => {
  it('mid-bake at 50%: traffic back on blue, lock free, record closed, page sent', async () => {
    // Prepare
    const { world, clock, execution, service } = await worldInState('Bake', 50);
    expect(await service.router.readWeights()).toEqual({ blue: 50, green: 50 });

    // Act
    world.sfn.stopExecution({
      executionArn: execution.executionArn,
      error: 'Operator',
      cause: 'stopped by hand',
    });
    await clock.until(
      () => world.ports.outbox.sent.some((n) => n.subject.includes('reconciled')),
      'the reconcile page',
    );
    await world.bus.drain();

    // Assess
    expect(execution.status).toBe('ABORTED');
    expect(await service.router.readWeights()).toEqual({ blue: 100, green: 0 });
    expect(new Set(await probe(service.router.productionUrl))).toEqual(new Set(['blue']));
    expect(await world.ports.store.readLock('shop#local')).toBeNull();
    const record = await world.ports.store.getDeployment('stop-me');
    expect(record?.status).toBe('rolled-back');
    expect(record?.failure).toEqual({ error: 'ExecutionAborted', cause: 'Operator: stopped by hand' });
    const audit = (await world.ports.store.listAudit('stop-me')).map((e) => e.type);
    expect(audit).toEqual(expect.arrayContaining(['reconciled', 'outcome']));
    const page = world.ports.outbox.sent.find((n) => n.subject.includes('reconciled'));
    expect(page?.severity).toBe('critical');
    expect(page?.fields['Current Status']).toBe('Stable');
    expect(page?.fields['Action Taken']).toContain('all traffic back on the live colour, blue');
  }, 120_000);

  it('leaves a deployment the workflow closed itself alone', async () => {
    // Prepare: a release refused at Preflight (a bad version) fails without ever holding anything.
    world = await startLocalWorld({
      liveVersion: '1.0.0',
      behaviour: () => ({ latencyMs: 20 }),
      config: { trafficPlan: [{ weightPercent: 100, bakeSeconds: 60 }], standbySeconds: 60 },
    });
    const execution = world.sfn.startExecution({
      stateMachineArn: world.deployStateMachineArn,
      name: 'refused',
      input: JSON.stringify({ ...request, version: 'latest' }),
    });

    // Act
    await execution.finished;
    await world.bus.drain();

    // Assess
    expect(execution.status).toBe('FAILED');
    const delivered = world.bus
      .deliveries()
      .filter((d) => JSON.stringify(d).includes('Execution Status Change'));
    expect(delivered.length).toBe(1);
    expect(world.ports.outbox.sent.some((n) => n.subject.includes('reconciled'))).toBe(false);
  }, 60_000);
});

import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListStateMachinesCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveVersion, type RunningServe, startServe } from '../../src/local-world/serve.ts';
import type { ExecutionRecord } from '../../src/runtime/local-step-functions.ts';

/**
 * 50 services in one world, 50 deployments started at once through the one Step Functions
 * endpoint: every odd service ships a release that fails every request, every even one a
 * healthy release. Cross-talk of any kind (a weight, a version, an alarm, a record or an
 * execution's input landing on the wrong service) shows as a wrong outcome somewhere.
 */
const count = 50;
const services = Array.from({ length: count }, (_, i) => `svc-${String(i).padStart(2, '0')}`);
const isBad = (service: string) => Number(service.slice(4)) % 2 === 1;
const newVersion = (service: string) => `2.0.${Number(service.slice(4))}`;

describe('50 services behind one serve endpoint', () => {
  let serve: RunningServe;
  let sfn: SFNClient;
  const ended = new Map<string, ExecutionRecord>();

  beforeAll(async () => {
    serve = await startServe({
      port: 0,
      // As fast as the machine goes: the world is paced, but never faster than its work.
      timeScale: 100_000,
      rps: 4,
      services,
      behaviour: ({ service, version }) =>
        version === liveVersion
          ? { latencyMs: 20 }
          : isBad(service)
            ? { latencyMs: 20, errorRate: 1 }
            : { latencyMs: 20 },
      config: {
        trafficPlan: [
          { weightPercent: 10, bakeSeconds: 60 },
          { weightPercent: 100, bakeSeconds: 60 },
        ],
        standbySeconds: 30,
        approvals: {},
      },
    });
    serve.world.sfn.onExecutionEnded((execution) => ended.set(execution.name, execution));
    sfn = new SFNClient({
      endpoint: serve.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
  });

  afterAll(async () => {
    sfn?.destroy();
    await serve?.close();
  });

  it('runs 50 deployments at once, each ending as its own release deserves, with no cross-talk', async () => {
    // Arrange
    const machines = await sfn.send(new ListStateMachinesCommand({}));
    const deployArn = machines.stateMachines?.find((m) => m.name === 'greenlight-deploy')?.stateMachineArn;
    expect(deployArn).toBeDefined();
    const allEnded = new Promise<void>((resolve) => {
      serve.world.sfn.onExecutionEnded(() => {
        if (ended.size === count) resolve();
      });
    });

    // Act: all 50 at once.
    const started = await Promise.all(
      services.map((service) =>
        sfn.send(
          new StartExecutionCommand({
            stateMachineArn: deployArn,
            name: `deploy-${service}`,
            input: JSON.stringify({
              service,
              environment: 'local',
              version: newVersion(service),
              image: `local/${service}:${newVersion(service)}`,
              releaseType: 'minor',
              changeRequestId: `CHG-${1000 + Number(service.slice(4))}`,
              requestedBy: 'many-services@example.com',
            }),
          }),
        ),
      ),
    );
    expect(new Set(started.map((s) => s.executionArn)).size).toBe(count);
    await allEnded;

    // Assert: every service ended as its own release deserves, through the endpoint's own view.
    for (const [i, service] of services.entries()) {
      const described = await sfn.send(
        new DescribeExecutionCommand({ executionArn: started[i]?.executionArn }),
      );
      const history = await sfn.send(
        new GetExecutionHistoryCommand({ executionArn: started[i]?.executionArn, maxResults: 1000 }),
      );
      const entered = (history.events ?? []).flatMap((e) =>
        e.type?.endsWith('StateEntered') ? [e.stateEnteredEventDetails?.name] : [],
      );
      const live = await serve.world.ports.store.getLive(service, 'local');
      const world = serve.world.service(service);
      const weights = await world.router.readWeights();
      if (isBad(service)) {
        expect({ service, status: described.status }).toEqual({ service, status: 'FAILED' });
        expect(entered).toContain('FinishRolledBack');
        // It was rolled back for what its own green did: 600 trial requests, all failed.
        expect({ service, cause: described.cause }).toEqual({
          service,
          cause: expect.stringContaining('600 errors in 600 requests'),
        });
        expect({ service, live }).toEqual({ service, live: { colour: 'blue', version: liveVersion } });
        expect({ service, weights }).toEqual({ service, weights: { blue: 100, green: 0 } });
      } else {
        expect({ service, status: described.status }).toEqual({ service, status: 'SUCCEEDED' });
        expect(entered).not.toContain('Rollback');
        expect({ service, live }).toEqual({
          service,
          live: { colour: 'green', version: newVersion(service) },
        });
        expect({ service, weights }).toEqual({ service, weights: { blue: 0, green: 100 } });
      }
      // Each execution worked on its own service only.
      const named = JSON.stringify(history.events).match(/svc-\d\d/g) ?? [];
      expect({ service, others: [...new Set(named)].filter((s) => s !== service) }).toEqual({
        service,
        others: [],
      });
    }

    // No alarm but a bad service's green went to ALARM (a bad one may have been rolled back by
    // its early verdict before any alarm's period ended).
    const alarmed = new Set(
      serve.world.alarms
        .history()
        .filter((item) => JSON.parse(item.HistoryData ?? '{}').newState?.stateValue === 'ALARM')
        .map((item) => item.AlarmName?.split('.').slice(1, 4).join('.')),
    );
    const badGreens = new Set(services.filter(isBad).map((service) => `${service}.local.green`));
    expect([...alarmed].filter((name) => !badGreens.has(name as string))).toEqual([]);
  }, 300_000);
});

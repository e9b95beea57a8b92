import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListStateMachinesCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServe, startServe } from '../../src/local-world/serve.ts';
import { until } from '../support/until.ts';

describe('greenlight serve, driven with @aws-sdk/client-sfn', () => {
  let serve: RunningServe;
  let sfn: SFNClient;

  beforeAll(async () => {
    // Short bakes: a paced world goes no faster than its work, and the test must not depend on
    // how fast this machine is.
    serve = await startServe({
      port: 0,
      timeScale: 60,
      rps: 20,
      config: {
        trafficPlan: [
          { weightPercent: 10, bakeSeconds: 30 },
          { weightPercent: 100, bakeSeconds: 30 },
        ],
        standbySeconds: 10,
      },
    });
    sfn = new SFNClient({
      endpoint: serve.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });

  afterAll(async () => {
    sfn?.destroy();
    await serve?.close();
  });

  it('lists the deploy state machine, runs a major release through its CAB approval, and finishes it', async () => {
    // Prepare
    const machines = await sfn.send(new ListStateMachinesCommand({}));
    const deploy = machines.stateMachines?.find((m) => m.name === 'greenlight-deploy');
    expect(deploy?.stateMachineArn).toBeDefined();

    // Act: start a major release; seed 000 §4.2 makes it wait for the CAB.
    const started = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: deploy?.stateMachineArn,
        name: 'release-2-0-0',
        input: JSON.stringify({
          service: 'shop',
          environment: 'local',
          version: '2.0.0',
          image: 'local/shop:2.0.0',
          releaseType: 'major',
          changeRequestId: 'CHG-2000',
          requestedBy: 'release-manager@example.com',
        }),
      }),
    );
    const token = await until(
      'the approval task to be scheduled',
      async () => {
        const history = await sfn.send(
          new GetExecutionHistoryCommand({ executionArn: started.executionArn, reverseOrder: true }),
        );
        const scheduled = history.events?.find(
          (e) =>
            e.type === 'TaskScheduled' && e.taskScheduledEventDetails?.resource === 'invoke.waitForTaskToken',
        );
        const parameters = scheduled?.taskScheduledEventDetails?.parameters;
        return parameters ? (JSON.parse(parameters).Payload.taskToken as string) : undefined;
      },
      120_000,
    );
    const waiting = await sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
    expect(waiting.status).toBe('RUNNING');
    expect((await serve.world.service().router.readWeights()).green).toBe(0);
    await sfn.send(
      new SendTaskSuccessCommand({
        taskToken: token,
        output: JSON.stringify({ approvedBy: 'cab@example.com' }),
      }),
    );

    // Assess
    const done = await until(
      'the execution to end',
      async () => {
        const execution = await sfn.send(
          new DescribeExecutionCommand({ executionArn: started.executionArn }),
        );
        return execution.status === 'RUNNING' ? undefined : execution;
      },
      120_000,
    );
    expect(done.status).toBe('SUCCEEDED');
    expect(await serve.world.ports.store.getLive('shop', 'local')).toEqual({
      colour: 'green',
      version: '2.0.0',
    });
  }, 300_000);
});

import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';
import { createVirtualClock } from '../../../src/local-world/clock/virtual-clock.ts';
import { TaskTokens } from '../../../src/runtime/task-tokens.ts';
import { deployRequest } from '../../support/fixtures.ts';
import { type ApiWorld, approvalToken, finishedExecution, startApiWorld } from './api-world.ts';

const worlds: ApiWorld[] = [];
async function world(): Promise<ApiWorld> {
  const started = await startApiWorld();
  worlds.push(started);
  return started;
}

afterEach(async () => {
  await Promise.all(worlds.splice(0).map((w) => w.close()));
});

const input = JSON.stringify(deployRequest());

/** Starts deployment `name` through the API and waits until it asks for approval. */
async function startAwaitingApproval(w: ApiWorld, name: string) {
  const started = await w.client.send(
    new StartExecutionCommand({ stateMachineArn: w.harness.stateMachineArn, name, input }),
  );
  const token = await approvalToken(w, name);
  return { executionArn: started.executionArn ?? '', token };
}

/** The exception the SDK throws for `promise`, so its `name` (the `__type`) can be asserted. */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: Error) => error,
  );
}

/** A token of the right shape that no task of this API was ever issued. */
function wellFormedStrangerToken(): string {
  const issued = new TaskTokens(createVirtualClock()).issue({
    executionArn: 'elsewhere',
    stateName: 'X',
    timeoutMs: 1,
  });
  issued.result.catch(() => undefined);
  return issued.token;
}

describe('Function: startStepFunctionsApi, driven by @aws-sdk/client-sfn', () => {
  it('lists the deploy state machine as a Standard workflow with a creation date', async () => {
    // Prepare
    const w = await world();

    // Act
    const listed = await w.client.send(new ListStateMachinesCommand({}));

    // Assess
    expect(listed.stateMachines).toEqual([
      {
        stateMachineArn: w.harness.stateMachineArn,
        name: 'greenlight-deploy',
        type: 'STANDARD',
        creationDate: expect.any(Date),
      },
    ]);
    // The world's time: its clock is virtual, so not the machine's date.
    expect(listed.stateMachines?.[0]?.creationDate?.getTime()).toBe(
      w.harness.sfn.listStateMachines()[0]?.creationDate,
    );
    expect(listed.nextToken).toBeUndefined();
  });

  it('describes the state machine with its filled-in definition', async () => {
    // Prepare
    const w = await world();

    // Act
    const described = await w.client.send(
      new DescribeStateMachineCommand({ stateMachineArn: w.harness.stateMachineArn }),
    );

    // Assess
    expect(described).toMatchObject({
      stateMachineArn: w.harness.stateMachineArn,
      name: 'greenlight-deploy',
      status: 'ACTIVE',
      type: 'STANDARD',
      roleArn: expect.stringMatching(/^arn:aws:iam::\d{12}:role\//),
      loggingConfiguration: { level: 'OFF' },
    });
    const definition = JSON.parse(described.definition ?? '') as { StartAt: string; States: object };
    expect(definition.StartAt).toBe('Preflight');
    expect(Object.keys(definition.States)).toContain('AwaitApproval');
    expect(described.definition).not.toContain('${');
  });

  it('starts an execution that ListExecutions shows as RUNNING, and filters by status', async () => {
    // Prepare
    const w = await world();
    const { executionArn } = await startAwaitingApproval(w, 'deploy-list');

    // Act
    const running = await w.client.send(
      new ListExecutionsCommand({ stateMachineArn: w.harness.stateMachineArn }),
    );
    const succeeded = await w.client.send(
      new ListExecutionsCommand({ stateMachineArn: w.harness.stateMachineArn, statusFilter: 'SUCCEEDED' }),
    );

    // Assess
    expect(running.executions).toEqual([
      {
        executionArn,
        stateMachineArn: w.harness.stateMachineArn,
        name: 'deploy-list',
        status: 'RUNNING',
        startDate: expect.any(Date),
      },
    ]);
    expect(succeeded.executions).toEqual([]);
  });

  it('returns the same execution for the same name and input, and ExecutionAlreadyExists for other input', async () => {
    // Prepare
    const w = await world();
    const start = (body: string) =>
      w.client.send(
        new StartExecutionCommand({
          stateMachineArn: w.harness.stateMachineArn,
          name: 'deploy-7',
          input: body,
        }),
      );
    const first = await start(input);

    // Act
    const again = await start(input);
    const conflict = await rejection(start(JSON.stringify(deployRequest({ version: '9.9.9' }))));

    // Assess
    expect(again.executionArn).toBe(first.executionArn);
    expect(again.startDate).toEqual(first.startDate);
    expect(conflict.name).toBe('ExecutionAlreadyExists');
    expect(conflict.message).toContain('deploy-7');
  });

  it('pages through GetExecutionHistory forwards and in reverse, with and without execution data', async () => {
    // Prepare: the execution is parked at the approval gate, so its history stops growing.
    const w = await world();
    const { executionArn } = await startAwaitingApproval(w, 'deploy-history');
    const all = await w.client.send(new GetExecutionHistoryCommand({ executionArn }));
    const readAll = async (reverseOrder: boolean): Promise<HistoryEvent[]> => {
      const events: HistoryEvent[] = [];
      let nextToken: string | undefined;
      do {
        const page = await w.client.send(
          new GetExecutionHistoryCommand({ executionArn, maxResults: 3, reverseOrder, nextToken }),
        );
        expect(page.events?.length).toBeLessThanOrEqual(3);
        events.push(...(page.events ?? []));
        nextToken = page.nextToken;
      } while (nextToken);
      return events;
    };

    // Act
    const forwards = await readAll(false);
    const backwards = await readAll(true);
    const withoutData = await w.client.send(
      new GetExecutionHistoryCommand({ executionArn, maxResults: 1, includeExecutionData: false }),
    );

    // Assess
    const ids = (all.events ?? []).map((event) => event.id);
    expect(ids.length).toBeGreaterThan(6);
    expect(ids).toEqual(ids.map((_, index) => index + 1));
    expect(forwards).toEqual(all.events);
    expect(backwards.map((event) => event.id)).toEqual([...ids].reverse());
    expect(all.events?.[0]).toMatchObject({
      id: 1,
      previousEventId: 0,
      type: 'ExecutionStarted',
      timestamp: expect.any(Date),
      executionStartedEventDetails: { input: expect.stringContaining('"service":"shop"') },
    });
    expect(all.events?.map((event) => event.type)).toContain('TaskSubmitted');
    expect(withoutData.events?.[0]?.executionStartedEventDetails).toEqual({});
    expect(withoutData.nextToken).toEqual(expect.any(String));
  });

  it('approves with SendTaskSuccess, after which the execution SUCCEEDS and the token is spent', async () => {
    // Prepare
    const w = await world();
    const { executionArn, token } = await startAwaitingApproval(w, 'deploy-approve');
    await w.client.send(new SendTaskHeartbeatCommand({ taskToken: token }));

    // Act
    await w.client.send(
      new SendTaskSuccessCommand({
        taskToken: token,
        output: JSON.stringify({ approvedBy: 'lead@example.com' }),
      }),
    );
    const done = await finishedExecution(w, executionArn);
    const replay = await rejection(
      w.client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })),
    );

    // Assess
    expect(done.status).toBe('SUCCEEDED');
    expect(done.stopDate).toEqual(expect.any(Date));
    expect(done.output).toEqual(expect.any(String));
    expect(w.harness.ports.router.weights).toEqual({ blue: 0, green: 100 });
    expect(replay.name).toBe('TaskTimedOut');
  });

  it('rejects with SendTaskFailure, after which the execution FAILS with that error and cause', async () => {
    // Prepare
    const w = await world();
    const { executionArn, token } = await startAwaitingApproval(w, 'deploy-reject');

    // Act
    await w.client.send(
      new SendTaskFailureCommand({
        taskToken: token,
        error: 'ApprovalRejectedError',
        cause: 'rejected by lead@example.com: not this week',
      }),
    );
    const done = await finishedExecution(w, executionArn);

    // Assess
    expect(done.status).toBe('FAILED');
    expect(done.error).toBe('ApprovalRejectedError');
    expect(done.cause).toContain('not this week');
    expect(done.output).toBeUndefined();
  });

  it('stops a running execution with StopExecution, which then shows ABORTED', async () => {
    // Prepare
    const w = await world();
    const { executionArn } = await startAwaitingApproval(w, 'deploy-stop');

    // Act
    const stopped = await w.client.send(
      new StopExecutionCommand({ executionArn, error: 'Operator.Stop', cause: 'wrong version' }),
    );
    const done = await finishedExecution(w, executionArn);

    // Assess
    expect(stopped.stopDate).toEqual(expect.any(Date));
    expect(done).toMatchObject({ status: 'ABORTED', error: 'Operator.Stop', cause: 'wrong version' });
    expect(done.stopDate).toEqual(stopped.stopDate);
  });

  it.each([
    {
      what: 'SendTaskSuccess with a malformed token',
      call: (w: ApiWorld) =>
        w.client.send(new SendTaskSuccessCommand({ taskToken: 'no-such-token', output: '{}' })),
      name: 'InvalidToken',
    },
    {
      what: 'SendTaskHeartbeat with a malformed token',
      call: (w: ApiWorld) => w.client.send(new SendTaskHeartbeatCommand({ taskToken: 'AQtampered' })),
      name: 'InvalidToken',
    },
    {
      what: 'SendTaskSuccess with a well-formed token nobody issued',
      call: (w: ApiWorld) =>
        w.client.send(new SendTaskSuccessCommand({ taskToken: wellFormedStrangerToken(), output: '{}' })),
      name: 'TaskDoesNotExist',
    },
    {
      what: 'DescribeExecution of an execution that never ran',
      call: (w: ApiWorld) =>
        w.client.send(
          new DescribeExecutionCommand({
            executionArn: `${w.harness.stateMachineArn.replace(':stateMachine:', ':execution:')}:missing`,
          }),
        ),
      name: 'ExecutionDoesNotExist',
    },
    {
      what: 'DescribeExecution given a state machine ARN',
      call: (w: ApiWorld) =>
        w.client.send(new DescribeExecutionCommand({ executionArn: w.harness.stateMachineArn })),
      name: 'InvalidArn',
    },
    {
      what: 'DescribeStateMachine of a machine that is not registered',
      call: (w: ApiWorld) =>
        w.client.send(
          new DescribeStateMachineCommand({
            stateMachineArn: 'arn:aws:states:local:000000000000:stateMachine:nope',
          }),
        ),
      name: 'StateMachineDoesNotExist',
    },
    {
      what: 'StartExecution with input that is not JSON',
      call: (w: ApiWorld) =>
        w.client.send(new StartExecutionCommand({ stateMachineArn: w.harness.stateMachineArn, input: '{' })),
      name: 'InvalidExecutionInput',
    },
  ])('fails $what with $name', async ({ call, name }) => {
    // Prepare
    const w = await world();

    // Act
    const error = await rejection(call(w));

    // Assess
    expect(error.name).toBe(name);
    expect(error.message).not.toBe('');
  });
});

import { describe, expect, it } from 'vitest';
import { createVirtualClock } from '../../src/local-world/clock/virtual-clock.ts';
import type { AslDefinition } from '../../src/runtime/definition.ts';
import { LocalStepFunctions } from '../../src/runtime/local-step-functions.ts';
import { deployRequest, stagingConfig } from '../support/fixtures.ts';
import { createWorkflowHarness } from '../support/workflow-harness.ts';

const fn = 'arn:aws:lambda:local:000000000000:function:step';

/** A state machine over one local function, on its own virtual clock. */
function machine(definition: AslDefinition, handler: (event: unknown) => Promise<unknown>) {
  const clock = createVirtualClock({ startMs: 0 });
  const sfn = new LocalStepFunctions({ clock });
  const registered = sfn.registerStateMachine({
    name: 'm',
    definition,
    functions: new Map([[fn, async (event: unknown) => handler(event)]]),
  });
  return {
    clock,
    sfn,
    start: (input: unknown = {}) =>
      sfn.startExecution({ stateMachineArn: registered.stateMachineArn, input: JSON.stringify(input) }),
  };
}

describe('Function: runExecution, on the world clock', () => {
  it('waits a Wait state in world time, and records it as WaitStateEntered/Exited', async () => {
    // Prepare
    const { start, clock } = machine(
      {
        StartAt: 'Pause',
        States: {
          Pause: { Type: 'Wait', SecondsPath: '$.seconds', Next: 'Done' },
          Done: { Type: 'Succeed' },
        },
      },
      async () => null,
    );
    // Act
    const done = await start({ seconds: 7200 }).finished;
    // Assess
    expect(done.status).toBe('SUCCEEDED');
    expect(clock.nowMs()).toBe(7_200_000);
    expect(done.history.all().map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'WaitStateEntered',
      'WaitStateExited',
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('retries with the backoff of its Retry rule, in world time', async () => {
    // Prepare: fails twice, then succeeds; IntervalSeconds 2, BackoffRate 3 → waits 2 s, then 6 s.
    const attemptsAt: number[] = [];
    const { start, clock } = machine(
      {
        StartAt: 'Call',
        States: {
          Call: {
            Type: 'Task',
            Resource: fn,
            Retry: [{ ErrorEquals: ['ThrottlingError'], IntervalSeconds: 2, BackoffRate: 3, MaxAttempts: 5 }],
            End: true,
          },
        },
      },
      async () => {
        attemptsAt.push(clock.nowMs());
        if (attemptsAt.length < 3) throw Object.assign(new Error('slow down'), { name: 'ThrottlingError' });
        return 'ok';
      },
    );
    // Act
    const done = await start().finished;
    // Assess
    expect(done.status).toBe('SUCCEEDED');
    expect(attemptsAt).toEqual([0, 2_000, 8_000]);
  });

  it('times a Task out after its TimeoutSeconds of world time, however long the handler would take', async () => {
    const { start, clock } = machine(
      {
        StartAt: 'Call',
        States: {
          Call: {
            Type: 'Task',
            Resource: fn,
            TimeoutSeconds: 30,
            Catch: [{ ErrorEquals: ['States.Timeout'], Next: 'TimedOut' }],
            End: true,
          },
          TimedOut: { Type: 'Pass', End: true },
        },
      },
      // A handler stuck on a call that takes an hour (waiting, as a remote call does).
      async () => {
        const call = clock.beginWork('a call that hangs');
        await call.sleep(3_600_000);
        call.end();
        return 'late';
      },
    );
    const done = await start().finished;
    expect(done.status).toBe('SUCCEEDED');
    expect(done.history.statesEntered()).toEqual(['Call', 'TimedOut']);
    expect(done.history.all().find((e) => e.type === 'TaskTimedOut')?.timestamp).toBe(30_000);
  });

  it('ends as TIMED_OUT when the execution outlives its TimeoutSeconds', async () => {
    const { start } = machine(
      {
        StartAt: 'Pause',
        TimeoutSeconds: 60,
        States: { Pause: { Type: 'Wait', Seconds: 3600, End: true } },
      },
      async () => null,
    );
    const done = await start().finished;
    expect(done).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout' });
    expect(done.history.all().at(-1)).toMatchObject({
      type: 'ExecutionTimedOut',
      timestamp: 60_000,
      executionTimedOutEventDetails: { error: 'States.Timeout' },
    });
  });
});

describe('Method: LocalStepFunctions.stopExecution', () => {
  it('records ExecutionAborted with the caller’s error and cause, and no task failure after it', async () => {
    // Prepare: a deployment waiting in its first bake.
    const harness = createWorkflowHarness({ configs: { staging: stagingConfig() } });
    harness.ports.store.live.set('shop#staging', { colour: 'blue', version: '1.0.0' });
    const execution = harness.start(deployRequest());
    await harness.until(
      () => harness.sfn.tokens.waiting().some((t) => t.stateName === 'Bake'),
      'the first bake',
    );

    // Act
    harness.sfn.stopExecution({
      executionArn: execution.executionArn,
      error: 'Operator.Stop',
      cause: 'wrong version',
    });
    const done = await execution.finished;

    // Assess
    expect(done).toMatchObject({ status: 'ABORTED', error: 'Operator.Stop', cause: 'wrong version' });
    const events = done.history.all();
    expect(events.at(-1)).toMatchObject({
      type: 'ExecutionAborted',
      executionAbortedEventDetails: { error: 'Operator.Stop', cause: 'wrong version' },
    });
    const bakeScheduled = events.findLastIndex((e) => e.type === 'TaskScheduled');
    expect(events.slice(bakeScheduled).map((e) => e.type)).toEqual([
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'ExecutionAborted',
    ]);
    expect(harness.sfn.tokens.waiting()).toEqual([]);
  });
});

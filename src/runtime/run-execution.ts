import './polyfills.ts';
import { StateMachine } from 'aws-local-stepfunctions';
import type { WorldClock } from '../local-world/clock/world-clock.ts';
import { keyedSeed } from '../local-world/http/keyed-random.ts';
import { seededRandom } from '../local-world/http/seeded-random.ts';
import {
  type AslDefinition,
  type AslState,
  adaptForLocalInterpreter,
  functionArnOf,
  isCallbackTask,
  worldStartTimeField,
} from './definition.ts';
import type { ExecutionHistory } from './history.ts';
import { recordInterpreterEvents } from './history-events.ts';
import { invokeLocally, type LocalFunction } from './local-lambda.ts';
import { decideRetry } from './retry-policy.ts';
import type { IssuedToken, TaskTokens } from './task-tokens.ts';
import { waitDurationMs } from './wait-state.ts';

/** Placed in `$$.Task.Token`; each callback task swaps it for a freshly issued token. */
const tokenPlaceholder = '__GREENLIGHT_LOCAL_TASK_TOKEN__';

/** Lambda's invocation limit for the Invoke part of a callback task (its wait has its own timeout). */
const callbackInvokeTimeoutMs = 60_000;

export interface RunExecutionOptions {
  readonly definition: AslDefinition;
  /** The interpreter for `definition`, built once per state machine (validating it is slow). */
  readonly interpreter?: StateMachine;
  readonly functions: ReadonlyMap<string, LocalFunction>;
  readonly tokens: TaskTokens;
  /** The world's clock: waits, timeouts, heartbeats and retry intervals all run on it. */
  readonly clock: WorldClock;
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly input: unknown;
  readonly history: ExecutionHistory;
  readonly region: string;
}

/** How an execution ended, as DescribeExecution reports it. */
export interface ExecutionEnd {
  readonly status: 'SUCCEEDED' | 'FAILED' | 'ABORTED' | 'TIMED_OUT';
  readonly output?: unknown;
  readonly error?: string;
  readonly cause?: string;
}

export interface RunningExecution {
  readonly done: Promise<ExecutionEnd>;
  /** StopExecution: ends it as ABORTED, recording the caller's error and cause. */
  stop(error?: string, cause?: string): void;
}

/**
 * Runs one execution of an ASL definition with aws-local-stepfunctions, every Task bound to a
 * local function, and records AWS-shaped history. What the interpreter lacks is added here:
 * `.waitForTaskToken` callbacks with timeouts and heartbeats, and time itself: Wait states,
 * task and execution timeouts and retry intervals all run on the world clock. Each Task's
 * invocation is tracked as work, so on a virtual clock no time passes while a handler runs.
 */
export function runExecution(options: RunExecutionOptions): RunningExecution {
  const { definition, history, clock } = options;
  const machine = options.interpreter ?? createInterpreter(definition);
  const startedAtMs = clock.nowMs();
  const stopping = new AbortController();
  const jitter = seededRandom(keyedSeed(0, options.executionArn));
  const retries = new Map<string, { attempts: number[]; retrying: boolean }>();
  let ended: ExecutionEnd | undefined;

  const taskHandlers: Record<string, (input: unknown) => Promise<unknown>> = {};
  const noInterpreterDelays: Record<string, number[]> = {};
  for (const [stateName, state] of Object.entries(definition.States)) {
    if (state.Type === 'Wait') taskHandlers[stateName] = (input) => waitOnClock(state, input);
    if (state.Type !== 'Task') continue;
    taskHandlers[stateName] = (input) => runTask(stateName, state, input);
    // The interpreter would sleep on the machine's clock between attempts; runTask waits instead.
    if (state.Retry) noInterpreterDelays[stateName] = state.Retry.map(() => 0);
  }

  async function waitOnClock(state: AslState, input: unknown): Promise<unknown> {
    await clock.sleep(waitDurationMs(state, input, clock.nowMs()), stopping.signal);
    return input;
  }

  async function runTask(stateName: string, state: AslState, input: unknown): Promise<unknown> {
    const retry = retries.get(stateName);
    if (!retry?.retrying) retries.set(stateName, { attempts: [], retrying: false });
    // Let the history consumer catch up, so TaskScheduled follows its TaskStateEntered.
    await clock.track(`${stateName}: history`, () => new Promise((resolve) => setImmediate(resolve)));
    const functionArn = functionArnOf(state);
    const fn = options.functions.get(functionArn);
    if (!fn) throw new Error(`state ${stateName} calls ${functionArn}, which has no local function bound`);
    const callback = isCallbackTask(state);
    const details = { resourceType: 'lambda', resource: callback ? 'invoke.waitForTaskToken' : 'invoke' };
    // A callback task's token exists before it is scheduled: AWS shows it in TaskScheduled's parameters.
    const issued = callback ? issueToken(stateName, state, input) : undefined;
    const parameters = issued ? withToken(input, issued.token) : input;
    history.add('TaskScheduled', {
      taskScheduledEventDetails: {
        ...details,
        region: options.region,
        parameters: JSON.stringify(parameters),
      },
    });
    history.add('TaskStarted', { taskStartedEventDetails: details });
    try {
      let output: unknown;
      if (issued) {
        history.add('TaskSubmitted', { taskSubmittedEventDetails: details });
        const payload = (parameters as { Payload?: unknown }).Payload ?? {};
        await invoke(stateName, functionArn, fn, payload, callbackInvokeTimeoutMs);
        output = await issued.result;
      } else {
        output = await invoke(stateName, functionArn, fn, input, (state.TimeoutSeconds ?? 60) * 1000);
      }
      history.add('TaskSucceeded', {
        taskSucceededEventDetails: { ...details, output: JSON.stringify(output) },
      });
      retries.set(stateName, { attempts: [], retrying: false });
      return output;
    } catch (error) {
      if (ended) throw error; // stopped or timed out: AWS records no task failure after that
      const err = error as Error;
      const timedOut = err.name === 'States.Timeout' || err.name === 'States.HeartbeatTimeout';
      const type = timedOut ? 'TaskTimedOut' : 'TaskFailed';
      const key = timedOut ? 'taskTimedOutEventDetails' : 'taskFailedEventDetails';
      history.add(type, { [key]: { ...details, error: err.name, cause: err.message } });
      await waitBeforeRetry(stateName, state, err.name);
      throw error;
    }
  }

  /** Invokes a handler as tracked work, failing with States.Timeout when the world clock says so. */
  function invoke(
    stateName: string,
    functionArn: string,
    fn: LocalFunction,
    event: unknown,
    timeoutMs: number,
  ): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const cancel = clock.setTimeout(timeoutMs, () =>
        reject(timeoutError(`${stateName} did not finish within ${timeoutMs / 1000} s`)),
      );
      clock
        .track(`${stateName}: ${functionArn.split(':').at(-1)}`, () =>
          invokeLocally(functionArn, fn, event, timeoutMs, clock),
        )
        .then(resolve, reject)
        .finally(cancel);
    });
  }

  /** When the interpreter is about to retry, waits the retrier's interval on the world clock first. */
  async function waitBeforeRetry(stateName: string, state: AslState, errorName: string): Promise<void> {
    const retry = retries.get(stateName) ?? { attempts: [], retrying: false };
    const decision = decideRetry(state.Retry ?? [], errorName, retry.attempts, jitter);
    retries.set(stateName, { attempts: retry.attempts, retrying: decision.retry });
    if (decision.retry) await clock.sleep(decision.delayMs, stopping.signal).catch(() => undefined);
  }

  function issueToken(stateName: string, state: AslState, input: unknown): IssuedToken {
    const payload = (input as { Payload?: Record<string, unknown> }).Payload ?? {};
    const timeoutSeconds = state.TimeoutSecondsPath ? Number(payload.timeoutSeconds) : state.TimeoutSeconds;
    if (timeoutSeconds === undefined || !Number.isFinite(timeoutSeconds) || timeoutSeconds < 1) {
      throw new Error(
        `${stateName}: a callback task needs TimeoutSeconds, or timeoutSeconds in its Payload to match TimeoutSecondsPath`,
      );
    }
    const issued = options.tokens.issue({
      executionArn: options.executionArn,
      stateName,
      timeoutMs: timeoutSeconds * 1000,
      ...(state.HeartbeatSeconds ? { heartbeatMs: state.HeartbeatSeconds * 1000 } : {}),
    });
    issued.result.catch(() => undefined); // observed in runTask; avoids an unhandled rejection if the Lambda fails first
    return issued;
  }

  const startTime = new Date(startedAtMs).toISOString();
  const execution = machine.run(
    options.input as never,
    {
      overrides: {
        taskResourceLocalHandlers: taskHandlers as never,
        retryIntervalOverrides: noInterpreterDelays,
      },
      noThrowOnAbort: true,
      context: {
        Execution: {
          Id: options.executionArn,
          Name: options.name,
          StartTime: startTime,
          [worldStartTimeField]: startTime,
          Input: options.input,
        },
        StateMachine: { Id: options.stateMachineArn, Name: options.stateMachineArn.split(':').at(-1) },
        Task: { Token: tokenPlaceholder },
      },
    } as never,
  );
  const recorded = recordInterpreterEvents(
    execution.eventLogs,
    history,
    definition,
    () => ended !== undefined,
  );

  const end = (outcome: ExecutionEnd, event: string, eventDetails: Record<string, unknown>): void => {
    if (ended) return;
    ended = outcome;
    history.add(event, eventDetails);
    stopping.abort(new Error(`execution ${outcome.status.toLowerCase()}`));
    options.tokens.cancelExecution(options.executionArn);
    execution.abort();
  };
  const cancelExecutionTimeout =
    definition.TimeoutSeconds === undefined
      ? () => undefined
      : clock.setTimeout(definition.TimeoutSeconds * 1000, () => {
          const cause = `the execution ran longer than its TimeoutSeconds (${definition.TimeoutSeconds} s)`;
          end({ status: 'TIMED_OUT', error: 'States.Timeout', cause }, 'ExecutionTimedOut', {
            executionTimedOutEventDetails: { error: 'States.Timeout', cause },
          });
        });

  const done = (async (): Promise<ExecutionEnd> => {
    try {
      const output = await execution.result;
      await recorded;
      if (ended) return ended;
      return { status: 'SUCCEEDED', output };
    } catch (error) {
      await recorded;
      if (ended) return ended;
      const err = error as Error;
      const failed = history.all().find((event) => event.type === 'ExecutionFailed');
      const details = failed?.executionFailedEventDetails as { error?: string; cause?: string } | undefined;
      return { status: 'FAILED', error: details?.error ?? err.name, cause: details?.cause ?? err.message };
    } finally {
      cancelExecutionTimeout();
    }
  })();
  return {
    done,
    stop: (error, cause) =>
      end(
        {
          status: 'ABORTED',
          ...(error === undefined ? {} : { error }),
          ...(cause === undefined ? {} : { cause }),
        },
        'ExecutionAborted',
        {
          executionAbortedEventDetails: {
            ...(error === undefined ? {} : { error }),
            ...(cause === undefined ? {} : { cause }),
          },
        },
      ),
  };
}

/** Validates the definition and prepares it for aws-local-stepfunctions; reuse it for every execution. */
export function createInterpreter(definition: AslDefinition): StateMachine {
  return new StateMachine(adaptForLocalInterpreter(definition) as never, {
    validationOptions: { checkArn: false },
  });
}

function withToken(input: unknown, token: string): unknown {
  return JSON.parse(JSON.stringify(input).replaceAll(tokenPlaceholder, token));
}

function timeoutError(message: string): Error {
  const error = new Error(message);
  error.name = 'States.Timeout';
  return error;
}

import './polyfills.ts';
import { StateMachine } from 'aws-local-stepfunctions';
import {
  type AslDefinition,
  type AslState,
  adaptForLocalInterpreter,
  functionArnOf,
  isCallbackTask,
} from './definition.ts';
import { type ExecutionHistory, stateEventType } from './history.ts';
import { invokeLocally, type LocalFunction } from './local-lambda.ts';
import type { IssuedToken, TaskTokens } from './task-tokens.ts';

/** Placed in `$$.Task.Token`; each callback task swaps it for a freshly issued token. */
const tokenPlaceholder = '__GREENLIGHT_LOCAL_TASK_TOKEN__';

export interface RunExecutionOptions {
  readonly definition: AslDefinition;
  /** The interpreter for `definition`, built once per state machine (validating it is slow). */
  readonly interpreter?: StateMachine;
  readonly functions: ReadonlyMap<string, LocalFunction>;
  readonly tokens: TaskTokens;
  /** World seconds per real second: waits, callback timeouts and retry intervals are divided by it. */
  readonly timeScale: number;
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly input: unknown;
  readonly history: ExecutionHistory;
  readonly region: string;
}

export interface RunningExecution {
  readonly done: Promise<{
    status: 'SUCCEEDED' | 'FAILED' | 'ABORTED';
    output?: unknown;
    error?: string;
    cause?: string;
  }>;
  abort(): void;
}

/**
 * Runs one execution of an ASL definition with aws-local-stepfunctions, every Task bound to a
 * local function, and records AWS-shaped history. What the interpreter lacks is added here:
 * `.waitForTaskToken` callbacks (with timeouts and heartbeats) and compressed time.
 */
export function runExecution(options: RunExecutionOptions): RunningExecution {
  const { definition, history, timeScale } = options;
  const machine = options.interpreter ?? createInterpreter(definition);
  const lastResultByPath = new Map<string, unknown>();
  const toRealMs = (seconds: number): number => Math.max(1, Math.round((seconds * 1000) / timeScale));
  const startTime = new Date().toISOString();

  const taskHandlers: Record<string, (input: unknown) => Promise<unknown>> = {};
  const retryIntervalOverrides: Record<string, number[]> = {};
  for (const [stateName, state] of Object.entries(definition.States)) {
    if (state.Type !== 'Task') continue;
    taskHandlers[stateName] = (input) => runTask(stateName, state, input);
    if (state.Retry)
      retryIntervalOverrides[stateName] = state.Retry.map((r) => toRealMs(r.IntervalSeconds ?? 1));
  }

  async function runTask(stateName: string, state: AslState, input: unknown): Promise<unknown> {
    // Let the history consumer catch up, so TaskScheduled follows its TaskStateEntered.
    await new Promise((resolve) => setImmediate(resolve));
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
        await invokeLocally(functionArn, fn, payload, 60_000);
        output = await issued.result;
      } else {
        output = await invokeLocally(functionArn, fn, input, (state.TimeoutSeconds ?? 60) * 1000);
      }
      history.add('TaskSucceeded', {
        taskSucceededEventDetails: { ...details, output: JSON.stringify(output) },
      });
      if (typeof state.ResultPath === 'string') lastResultByPath.set(state.ResultPath, output);
      return output;
    } catch (error) {
      const err = error as Error;
      const type =
        err.name === 'States.Timeout' || err.name === 'States.HeartbeatTimeout'
          ? 'TaskTimedOut'
          : 'TaskFailed';
      const key = type === 'TaskTimedOut' ? 'taskTimedOutEventDetails' : 'taskFailedEventDetails';
      history.add(type, { [key]: { ...details, error: err.name, cause: err.message } });
      throw error;
    }
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
      timeoutMs: toRealMs(timeoutSeconds),
      ...(state.HeartbeatSeconds ? { heartbeatMs: toRealMs(state.HeartbeatSeconds) } : {}),
    });
    issued.result.catch(() => undefined); // observed in runTask; avoids an unhandled rejection if the Lambda fails first
    return issued;
  }

  /** Wait states: `Seconds` scaled; `SecondsPath` read from the task result it points into, scaled. */
  const waitTimeOverrides = new Proxy({} as Record<string, number>, {
    get(_target, stateName) {
      const state = typeof stateName === 'string' ? definition.States[stateName] : undefined;
      if (state?.Type !== 'Wait') return undefined;
      if (typeof state.Seconds === 'number') return toRealMs(state.Seconds);
      if (typeof state.SecondsPath !== 'string') return undefined;
      const seconds = resolveFromResults(state.SecondsPath, lastResultByPath);
      return seconds === undefined ? undefined : seconds === 0 ? 0 : toRealMs(seconds);
    },
  });

  const execution = machine.run(
    options.input as never,
    {
      overrides: {
        taskResourceLocalHandlers: taskHandlers as never,
        waitTimeOverrides,
        retryIntervalOverrides,
      },
      noThrowOnAbort: true,
      context: {
        Execution: {
          Id: options.executionArn,
          Name: options.name,
          StartTime: startTime,
          Input: options.input,
        },
        StateMachine: { Id: options.stateMachineArn, Name: options.stateMachineArn.split(':').at(-1) },
        Task: { Token: tokenPlaceholder },
      },
    } as never,
  );

  let aborted = false;
  const consumed = consumeEvents(execution.eventLogs, history, definition);
  const done = (async () => {
    try {
      const output = await execution.result;
      await consumed;
      if (output === null && aborted) return { status: 'ABORTED' as const };
      return { status: 'SUCCEEDED' as const, output };
    } catch (error) {
      await consumed;
      const err = error as Error & { cause?: unknown };
      const failed = history.all().find((event) => event.type === 'ExecutionFailed');
      const details = failed?.executionFailedEventDetails as { error?: string; cause?: string } | undefined;
      return {
        status: 'FAILED' as const,
        error: details?.error ?? err.name,
        cause: details?.cause ?? err.message,
      };
    }
  })();
  return {
    done,
    abort: () => {
      aborted = true;
      options.tokens.cancelExecution(options.executionArn);
      execution.abort();
    },
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

function resolveFromResults(path: string, results: ReadonlyMap<string, unknown>): number | undefined {
  for (const [resultPath, result] of results) {
    if (!path.startsWith(`${resultPath}.`)) continue;
    let value: unknown = result;
    for (const key of path.slice(resultPath.length + 1).split('.')) {
      value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    }
    return typeof value === 'number' ? value : undefined;
  }
  return undefined;
}

/** The interpreter's event, as much of it as the history reads (its types are not exported). */
interface InterpreterEvent {
  readonly type: string;
  readonly timestamp: number;
  readonly input?: unknown;
  readonly output?: unknown;
  readonly state?: { readonly name: string; readonly input?: unknown; readonly output?: unknown };
  readonly Error?: string;
  readonly Cause?: unknown;
}

async function consumeEvents(
  events: AsyncGenerator<unknown>,
  history: ExecutionHistory,
  definition: AslDefinition,
): Promise<void> {
  const typeOf = (name: string): string => definition.States[name]?.Type ?? 'Task';
  for await (const raw of events) {
    const event = raw as InterpreterEvent;
    const state = event.state ?? { name: '' };
    const ts = event.timestamp;
    switch (event.type) {
      case 'ExecutionStarted':
        history.add(
          'ExecutionStarted',
          { executionStartedEventDetails: { input: JSON.stringify(event.input) } },
          ts,
        );
        break;
      case 'StateEntered':
        history.add(
          stateEventType(typeOf(state.name), 'Entered'),
          { stateEnteredEventDetails: { name: state.name, input: JSON.stringify(state.input) } },
          ts,
        );
        break;
      case 'StateExited':
        history.add(
          stateEventType(typeOf(state.name), 'Exited'),
          { stateExitedEventDetails: { name: state.name, output: JSON.stringify(state.output) } },
          ts,
        );
        break;
      case 'ExecutionSucceeded':
        history.add(
          'ExecutionSucceeded',
          { executionSucceededEventDetails: { output: JSON.stringify(event.output) } },
          ts,
        );
        break;
      case 'ExecutionFailed':
        history.add(
          'ExecutionFailed',
          {
            executionFailedEventDetails: {
              error: event.Error,
              cause: typeof event.Cause === 'string' ? event.Cause : JSON.stringify(event.Cause ?? ''),
            },
          },
          ts,
        );
        break;
      case 'ExecutionTerminated':
        history.add('ExecutionAborted', { executionAbortedEventDetails: {} }, ts);
        break;
      default:
        break; // retries and catches show as the Task* events around them
    }
  }
}

import './polyfills.ts';
import { randomBytes } from 'node:crypto';
import type { CallbackOutcome, WorkflowCallbacks } from '../ports/workflow-callbacks.ts';

/** The Step Functions API errors for callbacks, by their service names. */
export class TaskTokenError extends Error {
  constructor(
    readonly code: 'TaskDoesNotExist' | 'TaskTimedOut' | 'InvalidToken',
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

/** The error a callback task ends with, named as Step Functions names it (`States.Timeout`, or the sender's error). */
export class CallbackFailure extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}

export interface IssuedToken {
  readonly token: string;
  /** Resolves with the output of SendTaskSuccess; rejects with a CallbackFailure. */
  readonly result: Promise<unknown>;
}

export interface TokenOptions {
  readonly executionArn: string;
  readonly stateName: string;
  /** Real milliseconds until `States.Timeout` (already scaled by the local clock). */
  readonly timeoutMs: number;
  /** Real milliseconds without a heartbeat until `States.HeartbeatTimeout`, if the state has HeartbeatSeconds. */
  readonly heartbeatMs?: number;
}

interface Pending {
  readonly options: TokenOptions;
  readonly resolve: (output: unknown) => void;
  readonly reject: (error: Error) => void;
  timeout: NodeJS.Timeout;
  heartbeat?: NodeJS.Timeout;
}

/**
 * The callback half of `.waitForTaskToken`, which aws-local-stepfunctions does not have.
 * A token is issued when a callback task starts, completes once (success, failure, timeout or
 * heartbeat timeout), and is then gone: a second answer gets TaskTimedOut, as on AWS.
 */
export class TaskTokens {
  private readonly pending = new Map<string, Pending>();
  private readonly finished = new Map<string, 'completed' | 'timed-out'>();

  issue(options: TokenOptions): IssuedToken {
    const token = `${randomBytes(24).toString('base64url')}`;
    const { promise, resolve, reject } = Promise.withResolvers<unknown>();
    const entry: Pending = {
      options,
      resolve,
      reject,
      timeout: setTimeout(() => this.expire(token, 'States.Timeout'), options.timeoutMs),
    };
    this.pending.set(token, entry);
    this.armHeartbeat(token, entry);
    return { token, result: promise };
  }

  succeed(token: string, output: unknown): void {
    this.take(token).resolve(output);
  }

  fail(token: string, error: string, cause: string): void {
    this.take(token).reject(new CallbackFailure(error || 'States.TaskFailed', cause));
  }

  heartbeat(token: string): void {
    const entry = this.lookup(token);
    this.armHeartbeat(token, entry);
  }

  /** Tokens still waiting, for `greenlight status` and tests. */
  waiting(): { token: string; executionArn: string; stateName: string }[] {
    return [...this.pending.entries()].map(([token, entry]) => ({
      token,
      executionArn: entry.options.executionArn,
      stateName: entry.options.stateName,
    }));
  }

  /** Ends every token of an execution (it was stopped). */
  cancelExecution(executionArn: string): void {
    for (const [token, entry] of this.pending) {
      if (entry.options.executionArn === executionArn) {
        this.clear(token, entry, 'completed');
        entry.reject(new CallbackFailure('States.Runtime', 'execution stopped'));
      }
    }
  }

  /** The WorkflowCallbacks port over these tokens: what handlers use locally. */
  asWorkflowCallbacks(): WorkflowCallbacks {
    const outcome = (action: () => void): Promise<CallbackOutcome> => {
      try {
        action();
        return Promise.resolve('delivered');
      } catch (error) {
        if (error instanceof TaskTokenError) return Promise.resolve('expired');
        return Promise.reject(error);
      }
    };
    return {
      succeed: (token, output) => outcome(() => this.succeed(token, output)),
      fail: (token, error, cause) => outcome(() => this.fail(token, error, cause)),
      heartbeat: (token) => outcome(() => this.heartbeat(token)),
    };
  }

  private armHeartbeat(token: string, entry: Pending): void {
    if (entry.options.heartbeatMs === undefined) return;
    if (entry.heartbeat) clearTimeout(entry.heartbeat);
    entry.heartbeat = setTimeout(
      () => this.expire(token, 'States.HeartbeatTimeout'),
      entry.options.heartbeatMs,
    );
  }

  private expire(token: string, error: 'States.Timeout' | 'States.HeartbeatTimeout'): void {
    const entry = this.pending.get(token);
    if (!entry) return;
    this.clear(token, entry, 'timed-out');
    entry.reject(new CallbackFailure(error, ''));
  }

  private lookup(token: string): Pending {
    const entry = this.pending.get(token);
    if (entry) return entry;
    const finished = this.finished.get(token);
    if (finished)
      throw new TaskTokenError(
        'TaskTimedOut',
        'Task Timed Out: the task is no longer waiting for this token',
      );
    throw new TaskTokenError('TaskDoesNotExist', 'Task does not exist: no task was issued this token');
  }

  private take(token: string): Pending {
    const entry = this.lookup(token);
    this.clear(token, entry, 'completed');
    return entry;
  }

  private clear(token: string, entry: Pending, how: 'completed' | 'timed-out'): void {
    clearTimeout(entry.timeout);
    if (entry.heartbeat) clearTimeout(entry.heartbeat);
    this.pending.delete(token);
    this.finished.set(token, how);
  }
}

import './polyfills.ts';
import { createHash, randomBytes } from 'node:crypto';
import type { WorldClock } from '../local-world/clock/world-clock.ts';
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
  /** World milliseconds until `States.Timeout`. */
  readonly timeoutMs: number;
  /** World milliseconds without a heartbeat until `States.HeartbeatTimeout`, if the state has HeartbeatSeconds. */
  readonly heartbeatMs?: number;
}

interface Pending {
  readonly options: TokenOptions;
  readonly resolve: (output: unknown) => void;
  readonly reject: (error: Error) => void;
  cancelTimeout: () => void;
  cancelHeartbeat?: () => void;
}

/**
 * A token: `AQ` and the base64url of 24 random bytes and 8 bytes of their SHA-256. Anything
 * that does not decode to that is malformed, which Step Functions answers with InvalidToken
 * (a well-formed token that names no task is TaskDoesNotExist).
 */
const tokenPrefix = 'AQ';

function newToken(): string {
  const random = randomBytes(24);
  return tokenPrefix + Buffer.concat([random, checksum(random)]).toString('base64url');
}

function isWellFormed(token: string): boolean {
  if (!token.startsWith(tokenPrefix)) return false;
  const body = token.slice(tokenPrefix.length);
  if (!/^[A-Za-z0-9_-]{43}$/.test(body)) return false;
  const bytes = Buffer.from(body, 'base64url');
  return bytes.length === 32 && checksum(bytes.subarray(0, 24)).equals(bytes.subarray(24));
}

const checksum = (bytes: Buffer): Buffer => createHash('sha256').update(bytes).digest().subarray(0, 8);

/**
 * The callback half of `.waitForTaskToken`, which aws-local-stepfunctions does not have.
 * A token is issued when a callback task starts, completes once (success, failure, timeout or
 * heartbeat timeout), and is then gone: a second answer gets TaskTimedOut, as on AWS.
 */
export class TaskTokens {
  private readonly pending = new Map<string, Pending>();
  private readonly finished = new Map<string, 'completed' | 'timed-out'>();

  /** @param clock runs the timeouts and heartbeats, in world time. */
  constructor(private readonly clock: Pick<WorldClock, 'setTimeout'>) {}

  issue(options: TokenOptions): IssuedToken {
    const token = newToken();
    const { promise, resolve, reject } = Promise.withResolvers<unknown>();
    const entry: Pending = {
      options,
      resolve,
      reject,
      cancelTimeout: this.clock.setTimeout(options.timeoutMs, () => this.expire(token, 'States.Timeout')),
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
    entry.cancelHeartbeat?.();
    entry.cancelHeartbeat = this.clock.setTimeout(entry.options.heartbeatMs, () =>
      this.expire(token, 'States.HeartbeatTimeout'),
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
    if (!isWellFormed(token)) {
      throw new TaskTokenError('InvalidToken', 'Invalid Token: the task token is malformed');
    }
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
    entry.cancelTimeout();
    entry.cancelHeartbeat?.();
    this.pending.delete(token);
    this.finished.set(token, how);
  }
}

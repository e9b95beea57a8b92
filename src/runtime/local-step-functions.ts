import type { StateMachine } from 'aws-local-stepfunctions';
import type { WorldClock } from '../local-world/clock/world-clock.ts';
import type { AslDefinition } from './definition.ts';
import { ExecutionHistory, type HistoryEvent } from './history.ts';
import type { LocalFunction } from './local-lambda.ts';
import { createInterpreter, type RunningExecution, runExecution } from './run-execution.ts';
import { TaskTokenError, TaskTokens } from './task-tokens.ts';

/** An error of the Step Functions API, named by its `__type` (ExecutionDoesNotExist, ...). */
export class StepFunctionsApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface StateMachineRecord {
  readonly stateMachineArn: string;
  readonly name: string;
  readonly definition: AslDefinition;
  readonly interpreter: StateMachine;
  readonly functions: ReadonlyMap<string, LocalFunction>;
  readonly roleArn: string;
  readonly creationDate: number;
}

export interface ExecutionRecord {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly input: string;
  readonly startDate: number;
  status: ExecutionStatus;
  stopDate?: number;
  output?: string;
  error?: string;
  cause?: string;
  readonly history: ExecutionHistory;
  readonly run: RunningExecution;
  readonly finished: Promise<ExecutionRecord>;
}

export interface LocalStepFunctionsOptions {
  /** The world's clock: execution times, waits, timeouts and retries run on it. */
  readonly clock: WorldClock;
  readonly region?: string;
  readonly accountId?: string;
}

const namePattern = /^[A-Za-z0-9_-]{1,80}$/;

/** The largest execution input Step Functions accepts, in UTF-8 bytes (256 KiB). */
export const maxExecutionInputBytes = 262_144;

/**
 * Step Functions on one machine: state machines, executions with AWS-shaped history, and task
 * tokens. The HTTP API, the CLI and the tests all drive this one object.
 */
export class LocalStepFunctions {
  readonly tokens: TaskTokens;
  readonly region: string;
  readonly accountId: string;
  readonly clock: WorldClock;
  private readonly machines = new Map<string, StateMachineRecord>();
  private readonly executions = new Map<string, ExecutionRecord>();
  private readonly startListeners = new Set<(execution: ExecutionRecord) => void>();
  private readonly endListeners = new Set<(execution: ExecutionRecord) => void>();

  constructor(options: LocalStepFunctionsOptions) {
    this.clock = options.clock;
    this.tokens = new TaskTokens(options.clock);
    this.region = options.region ?? 'local';
    this.accountId = options.accountId ?? '000000000000';
  }

  registerStateMachine(input: {
    name: string;
    definition: AslDefinition;
    functions: ReadonlyMap<string, LocalFunction>;
  }): StateMachineRecord {
    const stateMachineArn = `arn:aws:states:${this.region}:${this.accountId}:stateMachine:${input.name}`;
    const record: StateMachineRecord = {
      stateMachineArn,
      name: input.name,
      definition: input.definition,
      interpreter: createInterpreter(input.definition),
      functions: input.functions,
      roleArn: `arn:aws:iam::${this.accountId}:role/greenlight-local`,
      creationDate: this.clock.nowMs(),
    };
    this.machines.set(stateMachineArn, record);
    return record;
  }

  listStateMachines(): readonly StateMachineRecord[] {
    return [...this.machines.values()];
  }

  describeStateMachine(stateMachineArn: string): StateMachineRecord {
    const machine = this.machines.get(stateMachineArn);
    if (!machine)
      throw new StepFunctionsApiError(
        'StateMachineDoesNotExist',
        `State Machine Does Not Exist: '${stateMachineArn}'`,
      );
    return machine;
  }

  /** Starts an execution. The name is idempotent as on AWS: same name and input returns the running one. */
  startExecution(input: { stateMachineArn: string; name?: string; input?: string }): ExecutionRecord {
    const machine = this.describeStateMachine(input.stateMachineArn);
    const name = input.name ?? crypto.randomUUID();
    if (!namePattern.test(name)) {
      throw new StepFunctionsApiError(
        'InvalidName',
        `Invalid Name: '${name}' (1-80 letters, digits, - or _)`,
      );
    }
    const inputText = input.input ?? '{}';
    // StartExecution's own limit (API Reference, StartExecution: input, maximum length 262144).
    if (Buffer.byteLength(inputText, 'utf8') > maxExecutionInputBytes) {
      throw new StepFunctionsApiError(
        'ValidationException',
        `1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have length less than or equal to ${maxExecutionInputBytes} (got ${Buffer.byteLength(inputText, 'utf8')} bytes)`,
      );
    }
    let parsedInput: unknown;
    try {
      parsedInput = JSON.parse(inputText);
    } catch {
      throw new StepFunctionsApiError('InvalidExecutionInput', 'Invalid Execution Input: not valid JSON');
    }
    const executionArn = `arn:aws:states:${this.region}:${this.accountId}:execution:${machine.name}:${name}`;
    const existing = this.executions.get(executionArn);
    if (existing) {
      if (existing.status === 'RUNNING' && existing.input === inputText) return existing;
      throw new StepFunctionsApiError(
        'ExecutionAlreadyExists',
        `Execution Already Exists: '${executionArn}'`,
      );
    }

    const history = new ExecutionHistory(this.clock);
    const startDate = this.clock.nowMs();
    const run = runExecution({
      definition: machine.definition,
      interpreter: machine.interpreter,
      functions: machine.functions,
      tokens: this.tokens,
      clock: this.clock,
      executionArn,
      stateMachineArn: machine.stateMachineArn,
      name,
      input: parsedInput,
      history,
      region: this.region,
    });
    const record: ExecutionRecord = {
      executionArn,
      stateMachineArn: machine.stateMachineArn,
      name,
      input: inputText,
      startDate,
      status: 'RUNNING',
      history,
      run,
      finished: run.done.then((result) => {
        if (record.status === 'RUNNING') {
          record.status = result.status;
          record.stopDate = this.clock.nowMs();
          if (result.output !== undefined) record.output = JSON.stringify(result.output);
          if (result.error !== undefined) record.error = result.error;
          if (result.cause !== undefined) record.cause = result.cause;
        }
        for (const listener of this.endListeners) listener(record);
        return record;
      }),
    };
    this.executions.set(executionArn, record);
    this.timeOutAfter(record, machine.definition.TimeoutSeconds);
    for (const listener of this.startListeners) listener(record);
    return record;
  }

  /** True when this engine started `executionArn` (running or ended). */
  hasExecution(executionArn: string): boolean {
    return this.executions.has(executionArn);
  }

  describeExecution(executionArn: string): ExecutionRecord {
    const execution = this.executions.get(executionArn);
    if (!execution)
      throw new StepFunctionsApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return execution;
  }

  listExecutions(filter: {
    stateMachineArn?: string;
    statusFilter?: ExecutionStatus;
  }): readonly ExecutionRecord[] {
    if (filter.stateMachineArn) this.describeStateMachine(filter.stateMachineArn);
    return [...this.executions.values()]
      .filter((e) => !filter.stateMachineArn || e.stateMachineArn === filter.stateMachineArn)
      .filter((e) => !filter.statusFilter || e.status === filter.statusFilter)
      .sort((a, b) => b.startDate - a.startDate);
  }

  getExecutionHistory(executionArn: string): readonly HistoryEvent[] {
    return this.describeExecution(executionArn).history.all();
  }

  stopExecution(input: { executionArn: string; error?: string; cause?: string }): ExecutionRecord {
    const execution = this.describeExecution(input.executionArn);
    if (execution.status !== 'RUNNING') return execution;
    execution.status = 'ABORTED';
    execution.stopDate = this.clock.nowMs();
    if (input.error !== undefined) execution.error = input.error;
    if (input.cause !== undefined) execution.cause = input.cause;
    execution.run.stop(input.error, input.cause);
    return execution;
  }

  /**
   * The definition's top-level TimeoutSeconds, as AWS applies it: an execution still running
   * that long after it started ends TIMED_OUT (error States.Timeout), whatever state it is in.
   */
  private timeOutAfter(execution: ExecutionRecord, timeoutSeconds: number | undefined): void {
    if (timeoutSeconds === undefined) return;
    const cancel = this.clock.setTimeout(timeoutSeconds * 1000, () => {
      if (execution.status !== 'RUNNING') return;
      execution.status = 'TIMED_OUT';
      execution.stopDate = this.clock.nowMs();
      execution.error = 'States.Timeout';
      execution.cause = `The execution ran longer than its TimeoutSeconds (${timeoutSeconds} s)`;
      execution.run.stop(execution.error, execution.cause);
    });
    void execution.finished.then(cancel);
  }

  sendTaskSuccess(taskToken: string, output: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(output);
    } catch {
      throw new StepFunctionsApiError('InvalidOutput', 'Invalid Output: not valid JSON');
    }
    this.withToken(() => this.tokens.succeed(taskToken, parsed));
  }

  sendTaskFailure(taskToken: string, error = '', cause = ''): void {
    this.withToken(() => this.tokens.fail(taskToken, error, cause));
  }

  sendTaskHeartbeat(taskToken: string): void {
    this.withToken(() => this.tokens.heartbeat(taskToken));
  }

  /** Called with every execution as it starts (progress displays, the local world's bookkeeping). */
  onExecutionStarted(listener: (execution: ExecutionRecord) => void): () => void {
    this.startListeners.add(listener);
    return () => this.startListeners.delete(listener);
  }

  /**
   * Called with every execution as it ends, however it ends: what EventBridge's `Step Functions
   * Execution Status Change` events tell on AWS.
   */
  onExecutionEnded(listener: (execution: ExecutionRecord) => void): () => void {
    this.endListeners.add(listener);
    return () => this.endListeners.delete(listener);
  }

  /** Stops everything still running (shutdown). */
  async shutdown(): Promise<void> {
    const running = [...this.executions.values()].filter((e) => e.status === 'RUNNING');
    for (const execution of running)
      this.stopExecution({ executionArn: execution.executionArn, cause: 'shutdown' });
    await Promise.allSettled(running.map((e) => e.finished));
  }

  private withToken(action: () => void): void {
    try {
      action();
    } catch (error) {
      if (error instanceof TaskTokenError) throw new StepFunctionsApiError(error.code, error.message);
      throw error;
    }
  }
}

import { readFileSync } from 'node:fs';
import type { Retrier } from './retry-policy.ts';

/** A state of an ASL definition, as much as the local runtime reads. */
export interface AslState {
  readonly Type: string;
  readonly Resource?: string;
  readonly Parameters?: Record<string, unknown>;
  readonly ResultPath?: string | null;
  readonly TimeoutSeconds?: number;
  readonly TimeoutSecondsPath?: string;
  readonly HeartbeatSeconds?: number;
  readonly SecondsPath?: string;
  readonly Seconds?: number;
  readonly Retry?: readonly Retrier[];
  readonly Catch?: readonly { ErrorEquals: string[]; Next: string }[];
  readonly Next?: string;
  readonly Default?: string;
  readonly Choices?: readonly { Next: string }[];
  readonly [key: string]: unknown;
}

export interface AslDefinition {
  readonly Comment?: string;
  readonly StartAt: string;
  readonly TimeoutSeconds?: number;
  readonly States: Readonly<Record<string, AslState>>;
}

const placeholderPattern = /\$\{([A-Za-z0-9_]+)\}/g;

/** Every `${Name}` placeholder in an ASL text, sorted and unique. */
export function findPlaceholders(text: string): string[] {
  return [...new Set([...text.matchAll(placeholderPattern)].map((match) => match[1] as string))].sort();
}

/**
 * Reads an ASL file and fills its `${Placeholders}` (what CDK `definitionSubstitutions` does on
 * AWS). An unfilled placeholder is an error that names it.
 */
export function loadDefinition(path: string, substitutions: Readonly<Record<string, string>>): AslDefinition {
  const text = readFileSync(path, 'utf8');
  const missing = findPlaceholders(text).filter((name) => substitutions[name] === undefined);
  if (missing.length > 0) {
    throw new Error(
      `${path} uses placeholders with no value: ${missing.join(', ')}; add them to the substitutions`,
    );
  }
  return JSON.parse(text.replace(placeholderPattern, (_, name: string) => substitutions[name] as string));
}

export const callbackResourceSuffix = '.waitForTaskToken';

export const isCallbackTask = (state: AslState): boolean =>
  state.Type === 'Task' &&
  typeof state.Resource === 'string' &&
  state.Resource.endsWith(callbackResourceSuffix);

/** The Lambda a Task calls: its Resource, or `Parameters.FunctionName` for the `lambda:invoke` integrations. */
export function functionArnOf(state: AslState): string {
  const name = state.Parameters?.FunctionName;
  if (typeof name === 'string') return name;
  if (typeof state.Resource === 'string') return state.Resource;
  throw new Error('a Task state has neither Resource nor Parameters.FunctionName');
}

/** The Resource a Wait state becomes locally: a task the runtime answers from the world clock. */
export const localWaitResource = 'arn:aws:states:::greenlight.local:wait';

/**
 * The timeout the interpreter itself is given for every Task: under Node's 2^31 ms timer limit,
 * so it never fires. The runtime enforces each Task's real timeout on the world clock.
 */
const interpreterTaskTimeoutSeconds = 2_000_000;

/** What the runtime puts in the context for `$$.Execution.StartTime`: the world's start, not the machine's. */
export const worldStartTimeField = 'WorldStartTime';

/**
 * Prepares a definition for aws-local-stepfunctions, whose own timers run on the machine's
 * clock; AWS runs the file unchanged. Time is the runtime's business, on the world clock:
 * - Wait states become Tasks that the runtime answers after the wait (their history still
 *   reads `WaitStateEntered`/`WaitStateExited`);
 * - every Task's and the execution's timeout is enforced by the runtime, so the interpreter's
 *   own are set out of reach;
 * - `$$.Execution.StartTime` reads the world's start time.
 * And two divergences of the interpreter are worked around:
 * - It evaluates `TimeoutSecondsPath` against the task's effective input (after `Parameters`),
 *   where AWS uses the state input. Our callback tasks mirror the timeout into
 *   `Payload.timeoutSeconds` (a structural test checks it); the runtime reads it there.
 * - It matches error names exactly, where AWS's `States.Timeout` also matches a heartbeat
 *   timeout. A Catch or Retry naming `States.Timeout` gets `States.HeartbeatTimeout` added, so
 *   the order of catchers matters locally as it does on AWS.
 * `States.TaskFailed` is refused: the interpreter would let it catch the runtime's timeouts.
 */
export function adaptForLocalInterpreter(definition: AslDefinition): AslDefinition {
  const states: Record<string, AslState> = {};
  for (const [name, state] of Object.entries(definition.States)) {
    if (state.Type === 'Map' || state.Type === 'Parallel') {
      throw new Error(`state ${name}: the local runtime does not run ${state.Type} states`);
    }
    for (const rule of [...(state.Catch ?? []), ...(state.Retry ?? [])]) {
      if (rule.ErrorEquals.includes('States.TaskFailed')) {
        throw new Error(
          `state ${name}: the local runtime cannot honour States.TaskFailed (it must not match timeouts); name the errors instead`,
        );
      }
    }
    const adapted: Record<string, unknown> =
      state.Type === 'Wait' ? waitAsTask(state) : { ...state, ...worldStartTime(state) };
    if (state.Type === 'Task') {
      const payload = state.Parameters?.Payload as Record<string, unknown> | undefined;
      if (state.TimeoutSecondsPath && payload?.['timeoutSeconds.$'] !== state.TimeoutSecondsPath) {
        throw new Error(
          `state ${name}: TimeoutSecondsPath ${state.TimeoutSecondsPath} must also be passed as Payload.timeoutSeconds for the local runtime`,
        );
      }
      delete adapted.TimeoutSecondsPath;
      adapted.TimeoutSeconds = interpreterTaskTimeoutSeconds;
    }
    if (state.Catch) adapted.Catch = state.Catch.map(withHeartbeatTimeout);
    if (state.Retry) adapted.Retry = state.Retry.map(withHeartbeatTimeout);
    states[name] = adapted as AslState;
  }
  const { TimeoutSeconds: _runtimeEnforcesIt, ...rest } = definition;
  return { ...rest, States: states };
}

function waitAsTask(state: AslState): Record<string, unknown> {
  const kept = Object.fromEntries(
    ['Comment', 'InputPath', 'OutputPath', 'Next', 'End']
      .filter((key) => state[key] !== undefined)
      .map((key) => [key, state[key]]),
  );
  return {
    ...kept,
    Type: 'Task',
    Resource: localWaitResource,
    TimeoutSeconds: interpreterTaskTimeoutSeconds,
  };
}

/** Points `$$.Execution.StartTime` in Parameters at the world's start time. */
function worldStartTime(state: AslState): { Parameters?: Record<string, unknown> } {
  if (state.Parameters === undefined) return {};
  const rewrite = (value: unknown): unknown => {
    if (value === '$$.Execution.StartTime') return `$$.Execution.${worldStartTimeField}`;
    if (Array.isArray(value)) return value.map(rewrite);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, rewrite(inner)]));
    }
    return value;
  };
  return { Parameters: rewrite(state.Parameters) as Record<string, unknown> };
}

function withHeartbeatTimeout<T extends { readonly ErrorEquals: readonly string[] }>(rule: T): T {
  const names = rule.ErrorEquals;
  return names.includes('States.Timeout') && !names.includes('States.HeartbeatTimeout')
    ? { ...rule, ErrorEquals: [...names, 'States.HeartbeatTimeout'] }
    : rule;
}

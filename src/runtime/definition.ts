import { readFileSync } from 'node:fs';

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
  readonly Retry?: readonly { ErrorEquals: string[]; IntervalSeconds?: number }[];
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

/**
 * Works around two divergences of aws-local-stepfunctions; AWS runs the file unchanged.
 * - It evaluates `TimeoutSecondsPath` against the task's effective input (after `Parameters`),
 *   where AWS uses the state input. Our callback tasks mirror the timeout into
 *   `Payload.timeoutSeconds` (a structural test checks it), so locally the path is pointed there.
 * - It matches error names exactly, where AWS's `States.Timeout` also matches a heartbeat
 *   timeout. A Catch or Retry naming `States.Timeout` gets `States.HeartbeatTimeout` added, so
 *   the order of catchers matters locally as it does on AWS.
 */
export function adaptForLocalInterpreter(definition: AslDefinition): AslDefinition {
  const states: Record<string, AslState> = {};
  for (const [name, state] of Object.entries(definition.States)) {
    const payload = state.Parameters?.Payload as Record<string, unknown> | undefined;
    const adapted: Record<string, unknown> = { ...state };
    if (
      state.Type === 'Task' &&
      state.TimeoutSecondsPath &&
      payload?.['timeoutSeconds.$'] === state.TimeoutSecondsPath
    ) {
      adapted.TimeoutSecondsPath = '$.Payload.timeoutSeconds';
    }
    if (state.Catch) adapted.Catch = state.Catch.map(withHeartbeatTimeout);
    if (state.Retry) adapted.Retry = state.Retry.map(withHeartbeatTimeout);
    states[name] = adapted as AslState;
  }
  return { ...definition, States: states };
}

function withHeartbeatTimeout<T extends { ErrorEquals: string[] }>(rule: T): T {
  const names = rule.ErrorEquals;
  return names.includes('States.Timeout') && !names.includes('States.HeartbeatTimeout')
    ? { ...rule, ErrorEquals: [...names, 'States.HeartbeatTimeout'] }
    : rule;
}

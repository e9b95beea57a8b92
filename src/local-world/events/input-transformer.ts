import { InvalidRequestError } from '../../errors.ts';
import type { EventBridgeEventShape } from './event-types.ts';

/** EventBridge's InputTransformer: named JSONPath values substituted into `<name>` placeholders. */
export interface InputTransformerSpec {
  readonly InputPathsMap?: Readonly<Record<string, string>>;
  readonly InputTemplate: string;
}

type PathStep = string | number;

const pathPattern = /^\$(?:\.[^.[\]]+|\[\d+\]|\['[^']*'\]|\["[^"]*"\])*$/;

/** Parses `$`, `$.detail.state.value`, `$.detail-type`, `$.resources[0]`, `$['odd key']`; throws on anything else. */
export function parseJsonPath(path: string): PathStep[] {
  if (!pathPattern.test(path)) {
    throw new InvalidRequestError(
      `JSONPath ${JSON.stringify(path)} is not supported: use $.a.b, $.a[0] or $['a b'] (no wildcards or filters)`,
    );
  }
  const steps: PathStep[] = [];
  for (const match of path.slice(1).matchAll(/\.([^.[\]]+)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\]/g)) {
    if (match[2] !== undefined) steps.push(Number(match[2]));
    else steps.push((match[1] ?? match[3] ?? match[4]) as string);
  }
  return steps;
}

/** Reads a JSONPath from a value; undefined when any step is absent. */
export function readJsonPath(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const step of parseJsonPath(path)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[step];
  }
  return current;
}

const placeholderPattern = /<([A-Za-z0-9_.-]+)>/g;
const reservedPrefix = 'aws.events.';

/** Problems of a transformer (unknown placeholders, bad paths, reserved names), empty when valid. */
export function validateInputTransformer(spec: InputTransformerSpec): string[] {
  const problems: string[] = [];
  const paths = spec.InputPathsMap ?? {};
  const names = Object.keys(paths);
  if (names.length > 100)
    problems.push(`InputPathsMap has ${names.length} entries; EventBridge allows at most 100`);
  for (const [name, path] of Object.entries(paths)) {
    if (name.startsWith(reservedPrefix))
      problems.push(`InputPathsMap key "${name}" uses the reserved prefix "aws.events."`);
    try {
      parseJsonPath(path);
    } catch (error) {
      problems.push(`InputPathsMap "${name}": ${(error as Error).message}`);
    }
  }
  for (const match of spec.InputTemplate.matchAll(placeholderPattern)) {
    const name = match[1] as string;
    if (!(name in paths) && !name.startsWith(reservedPrefix)) {
      problems.push(`InputTemplate placeholder <${name}> is not defined in InputPathsMap`);
    }
  }
  return problems;
}

export interface TransformContext {
  readonly ruleName: string;
  readonly ruleArn: string;
  readonly ingestionTimeMs: number;
}

/**
 * Applies a transformer like EventBridge does. A template that starts with `{` or `[` is JSON:
 * a placeholder outside quotes becomes the JSON of its value (strings keep their quotes), one
 * inside quotes becomes the value's text (JSON-escaped); the target receives the parsed JSON.
 * Any other template is text: placeholders become the values' text, and the target receives
 * the string. A path that is absent in the event yields `null` (outside quotes) or "" (inside).
 * Reserved placeholders: `<aws.events.event>`, `<aws.events.event.json>`,
 * `<aws.events.rule-name>`, `<aws.events.rule-arn>`, `<aws.events.event.ingestion-time>`.
 */
export function applyInputTransformer(
  spec: InputTransformerSpec,
  event: EventBridgeEventShape,
  context: TransformContext,
): unknown {
  const values = new Map<string, unknown>();
  for (const [name, path] of Object.entries(spec.InputPathsMap ?? {}))
    values.set(name, readJsonPath(event, path));
  // The guide: aws.events.event is "the original event payload in JSON (without the detail
  // field)"; aws.events.event.json is "the full original event payload ... (with the detail field)".
  const { detail: _detail, ...withoutDetail } = event;
  values.set('aws.events.event', withoutDetail);
  values.set('aws.events.event.json', event);
  values.set('aws.events.rule-name', context.ruleName);
  values.set('aws.events.rule-arn', context.ruleArn);
  values.set('aws.events.event.ingestion-time', new Date(context.ingestionTimeMs).toISOString());

  const template = spec.InputTemplate;
  const isJson = /^\s*[{[]/.test(template);
  let output = '';
  let inString = false;
  let last = 0;
  for (const match of template.matchAll(placeholderPattern)) {
    const before = template.slice(last, match.index);
    if (isJson) inString = quoteStateAfter(before, inString);
    output += before;
    const value = values.get(match[1] as string);
    output += isJson && !inString ? JSON.stringify(value ?? null) : textOf(value, isJson);
    last = match.index + match[0].length;
  }
  output += template.slice(last);
  if (!isJson) return output;
  try {
    return JSON.parse(output);
  } catch {
    throw new InvalidRequestError(`InputTemplate did not produce valid JSON after substitution: ${output}`);
  }
}

/** Whether we are inside a JSON string after reading `text`, starting from `inString`. */
function quoteStateAfter(text: string, inString: boolean): boolean {
  let state = inString;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\' && state) i++;
    else if (text[i] === '"') state = !state;
  }
  return state;
}

function textOf(value: unknown, escapeForJson: boolean): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return escapeForJson ? JSON.stringify(text).slice(1, -1) : text;
}

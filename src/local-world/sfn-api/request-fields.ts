/**
 * Reads and validates the fields of a Step Functions request body. Every error names the field,
 * the value received and what was expected, using the service's own error codes.
 */
import { StepFunctionsApiError } from '../../runtime/local-step-functions.ts';

export type RequestBody = Readonly<Record<string, unknown>>;

/** The resource kinds whose ARNs the API takes. */
export type ArnKind = 'stateMachine' | 'execution';

/** `arn:<partition>:states:<region>:<account>:<kind>:<name>[:<execution name>]` */
const arnPattern = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:(stateMachine|execution):([^:]+)(?::([^:]+))?$/;

/** Largest `maxResults` the service accepts for any list action. */
export const maxPageSize = 1000;

const show = (value: unknown): string => JSON.stringify(value) ?? String(value);

/** A required string: MissingRequiredParameter when absent, ValidationException when not a non-empty string. */
export function requiredString(body: RequestBody, field: string): string {
  const value = body[field];
  if (value === undefined || value === null) {
    throw new StepFunctionsApiError(
      'MissingRequiredParameter',
      `Missing required parameter '${field}' in the request body`,
    );
  }
  if (typeof value !== 'string' || value === '') {
    throw new StepFunctionsApiError(
      'ValidationException',
      `'${field}' must be a non-empty string, got ${show(value)}`,
    );
  }
  return value;
}

/** An optional string: undefined when absent, ValidationException when present but not a string. */
export function optionalString(body: RequestBody, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new StepFunctionsApiError('ValidationException', `'${field}' must be a string, got ${show(value)}`);
  }
  return value;
}

/** An optional boolean, `fallback` when absent. */
export function optionalBoolean(body: RequestBody, field: string, fallback: boolean): boolean {
  const value = body[field];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') {
    throw new StepFunctionsApiError(
      'ValidationException',
      `'${field}' must be true or false, got ${show(value)}`,
    );
  }
  return value;
}

/** One of `allowed`, or undefined when absent. */
export function optionalEnum<T extends string>(
  body: RequestBody,
  field: string,
  allowed: readonly T[],
): T | undefined {
  const value = optionalString(body, field);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new StepFunctionsApiError(
      'ValidationException',
      `'${field}' must be one of ${allowed.join(', ')}, got ${show(value)}`,
    );
  }
  return value as T;
}

/** `maxResults`: an integer 0..1000, where 0 or absence means `defaultSize` (as on AWS). */
export function pageSize(body: RequestBody, defaultSize: number): number {
  const value = body.maxResults;
  if (value === undefined || value === null || value === 0) return defaultSize;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > maxPageSize) {
    throw new StepFunctionsApiError(
      'ValidationException',
      `'maxResults' must be an integer from 0 to ${maxPageSize}, got ${show(value)}`,
    );
  }
  return value;
}

/** A required ARN of the given kind: InvalidArn when it is not one (e.g. an execution ARN where a state machine's is needed). */
export function requiredArn(body: RequestBody, field: string, kind: ArnKind): string {
  const value = requiredString(body, field);
  const match = arnPattern.exec(value);
  // An execution ARN has the state machine's name and its own; a state machine ARN only one name.
  const isKind = match?.[1] === kind && (match[3] !== undefined) === (kind === 'execution');
  if (!isKind) {
    const expected =
      kind === 'stateMachine'
        ? 'a state machine ARN like arn:aws:states:<region>:<account>:stateMachine:<name>'
        : 'an execution ARN like arn:aws:states:<region>:<account>:execution:<state machine>:<name>';
    throw new StepFunctionsApiError(
      'InvalidArn',
      `Invalid Arn: '${field}' must be ${expected}, got '${value}'`,
    );
  }
  return value;
}

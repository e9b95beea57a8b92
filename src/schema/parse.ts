import type * as z from 'zod';
import { InvalidRequestError } from '../errors.ts';

/**
 * Formats zod issues as `field: what was wrong` lines, e.g.
 * `request.version: expected a semantic version such as 1.4.2 (got "latest")`.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[], input: unknown): string[] {
  return issues.map((issue) => {
    const path = issue.path.map(String).join('.') || '(root)';
    const received = valueAt(input, issue.path);
    const got = received === undefined ? ' (missing)' : ` (got ${JSON.stringify(received)?.slice(0, 80)})`;
    return `${path}: ${issue.message}${got}`;
  });
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** Parses `value` with `schema` or throws an InvalidRequestError naming every bad field. */
export function parseOrThrow<Schema extends z.ZodType>(
  what: string,
  schema: Schema,
  value: unknown,
): z.output<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = describeIssues(result.error.issues, value);
  throw new InvalidRequestError(`${what} is invalid: ${problems.join('; ')}`, problems);
}

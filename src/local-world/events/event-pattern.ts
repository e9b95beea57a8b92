/**
 * EventBridge content-based filtering on one machine.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html
 *
 * A pattern mirrors the event's structure. Leaves are arrays of conditions (any may match).
 * When the event's value is an array, a leaf matches if any element matches. Supported
 * conditions: exact values (string, number, boolean, null), `prefix`, `suffix` (each also
 * with `equals-ignore-case`), `anything-but` (value, list, or `prefix` / `suffix` /
 * `equals-ignore-case` / `wildcard`), `numeric`, `exists`, `equals-ignore-case`, `wildcard`,
 * `cidr` (IPv4), and `$or` at any object level. An exact number matches "at the string
 * representation level": 300, 300.0 and 3.0e2 are not equal (JsonNumber keeps the spelling of
 * numbers parsed from JSON text); `numeric` compares values.
 */
export { validatePattern } from './event-pattern-validation.ts';

import { parseIpv4 } from './ipv4.ts';
import { JsonNumber, numberSpelling, numberValue } from './lossless-json.ts';

export type EventPattern = { readonly [key: string]: unknown };

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof JsonNumber);

/** Exact equality as EventBridge has it: numbers by their spelling, everything else strictly. */
function sameValue(a: unknown, b: unknown): boolean {
  const spellingA = numberSpelling(a);
  const spellingB = numberSpelling(b);
  if (spellingA !== undefined || spellingB !== undefined) return spellingA === spellingB;
  return a === b;
}

/** True when `event` matches `pattern` (validate the pattern first: invalid parts never match). */
export function matchesPattern(pattern: EventPattern, event: unknown): boolean {
  return matchObject(pattern, event);
}

function matchObject(pattern: Record<string, unknown>, value: unknown): boolean {
  for (const [key, sub] of Object.entries(pattern)) {
    if (key === '$or') {
      if (!Array.isArray(sub) || !sub.some((branch) => isPlainObject(branch) && matchObject(branch, value))) {
        return false;
      }
      continue;
    }
    const field = isPlainObject(value) ? value[key] : undefined;
    if (Array.isArray(sub)) {
      if (!matchLeaf(sub, field)) return false;
    } else if (isPlainObject(sub)) {
      const matched = Array.isArray(field)
        ? field.some((item) => matchObject(sub, item))
        : matchObject(sub, field);
      if (!matched) return false;
    } else {
      return false;
    }
  }
  return true;
}

/** `exists` only looks at leaves: an object is not a leaf, and an empty array has no value. */
function leafExists(field: unknown): boolean {
  if (field === undefined || isPlainObject(field)) return false;
  return Array.isArray(field) ? field.some((item) => !isPlainObject(item)) : true;
}

function matchLeaf(conditions: readonly unknown[], field: unknown): boolean {
  const values: readonly unknown[] = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return conditions.some((condition) => {
    if (isPlainObject(condition) && 'exists' in condition) return leafExists(field) === condition.exists;
    return values.some((value) => matchCondition(condition, value));
  });
}

function matchCondition(condition: unknown, value: unknown): boolean {
  if (!isPlainObject(condition)) return sameValue(value, condition);
  const [operator, operand] = Object.entries(condition)[0] ?? [];
  switch (operator) {
    case 'prefix':
      return matchAffix(operand, value, (v, p) => v.startsWith(p));
    case 'suffix':
      return matchAffix(operand, value, (v, s) => v.endsWith(s));
    case 'equals-ignore-case':
      return (
        typeof value === 'string' && anyString(operand).some((s) => s.toLowerCase() === value.toLowerCase())
      );
    case 'wildcard':
      return typeof value === 'string' && anyString(operand).some((w) => wildcardRegExp(w).test(value));
    case 'numeric': {
      const number = numberValue(value);
      return number !== undefined && Array.isArray(operand) && matchNumeric(operand, number);
    }
    case 'cidr':
      return typeof value === 'string' && typeof operand === 'string' && inCidr(value, operand);
    case 'anything-but':
      return matchAnythingBut(operand, value);
    default:
      return false;
  }
}

function matchAffix(
  operand: unknown,
  value: unknown,
  test: (value: string, affix: string) => boolean,
): boolean {
  if (typeof value !== 'string') return false;
  if (typeof operand === 'string') return test(value, operand);
  const ignoreCase = isPlainObject(operand) ? operand['equals-ignore-case'] : undefined;
  return typeof ignoreCase === 'string' && test(value.toLowerCase(), ignoreCase.toLowerCase());
}

function matchAnythingBut(operand: unknown, value: unknown): boolean {
  if (Array.isArray(operand)) return !operand.some((excluded) => sameValue(value, excluded));
  if (!isPlainObject(operand)) return !sameValue(value, operand);
  if (typeof value !== 'string') return false;
  const [operator, inner] = Object.entries(operand)[0] ?? [];
  switch (operator) {
    case 'prefix':
      return typeof inner === 'string' && !value.startsWith(inner);
    case 'suffix':
      return typeof inner === 'string' && !value.endsWith(inner);
    case 'equals-ignore-case':
      return !anyString(inner).some((s) => s.toLowerCase() === value.toLowerCase());
    case 'wildcard':
      return !anyString(inner).some((w) => wildcardRegExp(w).test(value));
    default:
      return false;
  }
}

const anyString = (operand: unknown): string[] =>
  (Array.isArray(operand) ? operand : [operand]).filter((s): s is string => typeof s === 'string');

const numericTests: Record<string, (a: number, b: number) => boolean> = {
  '=': (a, b) => a === b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

function matchNumeric(operand: readonly unknown[], value: number): boolean {
  for (let i = 0; i + 1 < operand.length; i += 2) {
    const test = numericTests[operand[i] as string];
    const bound = numberValue(operand[i + 1]);
    if (test === undefined || bound === undefined || !test(value, bound)) return false;
  }
  return operand.length >= 2;
}

const wildcardCache = new Map<string, RegExp>();

/** `*` matches any run of characters; `\*` is a literal star. */
export function wildcardRegExp(wildcard: string): RegExp {
  let cached = wildcardCache.get(wildcard);
  if (cached === undefined) {
    const source = wildcard
      .split(/(\\\*|\*)/)
      .map((part) =>
        part === '*' ? '.*' : part === '\\*' ? '\\*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
      )
      .join('');
    cached = new RegExp(`^${source}$`, 's');
    wildcardCache.set(wildcard, cached);
  }
  return cached;
}

function inCidr(address: string, cidr: string): boolean {
  const [network, bitsText] = cidr.split('/');
  const ip = parseIpv4(address);
  const base = parseIpv4(network ?? '');
  const bits = Number(bitsText);
  if (ip === null || base === null || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const size = 2 ** (32 - bits);
  return Math.floor(ip / size) === Math.floor(base / size);
}

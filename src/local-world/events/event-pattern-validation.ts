import { parseIpv4 } from './ipv4.ts';
import { JsonNumber, numberValue } from './lossless-json.ts';

const operators = [
  'prefix',
  'suffix',
  'anything-but',
  'numeric',
  'exists',
  'equals-ignore-case',
  'wildcard',
  'cidr',
] as const;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isString = (value: unknown): value is string => typeof value === 'string';
const isNumber = (value: unknown): boolean => numberValue(value) !== undefined;

/**
 * Problems of an event pattern, each naming where it is and what to write instead; empty when
 * the pattern is valid. Mirrors the checks EventBridge makes in PutRule.
 */
export function validatePattern(pattern: unknown): string[] {
  const problems: string[] = [];
  if (!isPlainObject(pattern)) {
    return [
      `the event pattern must be a JSON object such as {"source": ["aws.cloudwatch"]}; got ${describe(pattern)}`,
    ];
  }
  validateObject(pattern, '', problems);
  return problems;
}

function validateObject(pattern: Record<string, unknown>, path: string, problems: string[]): void {
  // event-ruler refuses empty objects, at the top ({}) and inside ({"detail": {}}): they would
  // match every event, which is never what a rule means.
  if (Object.keys(pattern).length === 0) {
    problems.push(
      `${path === '' ? 'the event pattern' : path}: an empty object is not a pattern; name at least one field to match, e.g. {"source": ["aws.cloudwatch"]}`,
    );
    return;
  }
  for (const [key, sub] of Object.entries(pattern)) {
    const at = path === '' ? key : `${path}.${key}`;
    if (key === '$or') {
      if (!Array.isArray(sub) || sub.length < 2 || !sub.every(isPlainObject)) {
        problems.push(`${at}: $or takes an array of at least two pattern objects`);
        continue;
      }
      sub.forEach((branch, i) => {
        validateObject(branch as Record<string, unknown>, `${at}[${i}]`, problems);
      });
    } else if (Array.isArray(sub)) {
      if (sub.length === 0)
        problems.push(`${at}: an empty array matches nothing; list at least one value or condition`);
      sub.forEach((condition, i) => {
        validateCondition(condition, `${at}[${i}]`, problems);
      });
    } else if (isPlainObject(sub)) {
      validateObject(sub, at, problems);
    } else {
      problems.push(
        `${at}: match values must be inside an array, e.g. [${JSON.stringify(sub)}]; got ${describe(sub)}`,
      );
    }
  }
}

function validateCondition(condition: unknown, at: string, problems: string[]): void {
  if (condition === null || ['string', 'number', 'boolean'].includes(typeof condition)) return;
  if (condition instanceof JsonNumber) return;
  if (!isPlainObject(condition)) {
    problems.push(
      `${at}: expected a string, number, boolean, null or an operator object; got ${describe(condition)}`,
    );
    return;
  }
  const keys = Object.keys(condition);
  const [operator] = keys;
  if (keys.length !== 1 || !operators.includes(operator as (typeof operators)[number])) {
    problems.push(
      `${at}: an operator object has exactly one key among ${operators.join(', ')}; got ${JSON.stringify(keys)}`,
    );
    return;
  }
  const operand = condition[operator as string];
  const problem = operandProblem(operator as (typeof operators)[number], operand);
  if (problem !== undefined) problems.push(`${at}: ${problem}`);
}

function operandProblem(operator: (typeof operators)[number], operand: unknown): string | undefined {
  switch (operator) {
    case 'prefix':
    case 'suffix':
      return isString(operand) ||
        (isPlainObject(operand) && isOnlyKey(operand, 'equals-ignore-case', isString))
        ? undefined
        : `${operator} takes a string or {"equals-ignore-case": "text"}; got ${describe(operand)}`;
    case 'equals-ignore-case':
      return isString(operand) ? undefined : `equals-ignore-case takes a string; got ${describe(operand)}`;
    case 'exists':
      return typeof operand === 'boolean'
        ? undefined
        : `exists takes true or false; got ${describe(operand)}`;
    case 'wildcard':
      return wildcardProblem(operand);
    case 'cidr':
      return isString(operand) && validCidr(operand)
        ? undefined
        : `cidr takes an IPv4 block such as "10.0.0.0/24" (IPv6 is not supported locally); got ${describe(operand)}`;
    case 'numeric':
      return numericProblem(operand);
    case 'anything-but':
      return anythingButProblem(operand);
  }
}

function isOnlyKey(object: Record<string, unknown>, key: string, test: (value: unknown) => boolean): boolean {
  const keys = Object.keys(object);
  return keys.length === 1 && keys[0] === key && test(object[key]);
}

function wildcardProblem(operand: unknown): string | undefined {
  if (!isString(operand))
    return `wildcard takes a string such as "arn:aws:events:*:*:event-bus/*"; got ${describe(operand)}`;
  return /(?<!\\)\*\*/.test(operand)
    ? `wildcard ${JSON.stringify(operand)} has consecutive * characters; use one`
    : undefined;
}

function validCidr(text: string): boolean {
  const [network, bits, ...rest] = text.split('/');
  return (
    rest.length === 0 &&
    parseIpv4(network ?? '') !== null &&
    /^\d{1,2}$/.test(bits ?? '') &&
    Number(bits) <= 32
  );
}

const lowerBounds = ['>', '>='];
const upperBounds = ['<', '<='];

function numericProblem(operand: unknown): string | undefined {
  const usage =
    'numeric takes ["=", 5], [">", 0], [">", 0, "<=", 5] and similar (a lower bound then an upper bound)';
  if (!Array.isArray(operand) || (operand.length !== 2 && operand.length !== 4)) {
    return `${usage}; got ${describe(operand)}`;
  }
  for (let i = 0; i < operand.length; i += 2) {
    const op = operand[i];
    if (!['=', ...lowerBounds, ...upperBounds].includes(op as string) || !isNumber(operand[i + 1])) {
      return `${usage}; got ${JSON.stringify(operand)}`;
    }
  }
  if (operand.length === 4) {
    const [lowOp, low, highOp, high] = operand as [string, unknown, string, unknown];
    if (
      !lowerBounds.includes(lowOp) ||
      !upperBounds.includes(highOp) ||
      (numberValue(low) as number) >= (numberValue(high) as number)
    ) {
      return `${usage}; got ${JSON.stringify(operand)}`;
    }
  }
  return undefined;
}

function anythingButProblem(operand: unknown): string | undefined {
  const usage =
    'anything-but takes a string, a number, a non-empty list of strings or of numbers, or {"prefix"|"suffix"|"equals-ignore-case"|"wildcard": …}';
  if (isString(operand) || isNumber(operand)) return undefined;
  if (Array.isArray(operand)) {
    const allStrings = operand.every(isString);
    const allNumbers = operand.every(isNumber);
    return operand.length > 0 && (allStrings || allNumbers)
      ? undefined
      : `${usage}; got ${JSON.stringify(operand)}`;
  }
  if (isPlainObject(operand)) {
    const keys = Object.keys(operand);
    const inner = operand[keys[0] as string];
    const listOfStrings = (v: unknown) =>
      isString(v) || (Array.isArray(v) && v.length > 0 && v.every(isString));
    if (keys.length === 1 && (keys[0] === 'prefix' || keys[0] === 'suffix') && isString(inner))
      return undefined;
    if (keys.length === 1 && keys[0] === 'equals-ignore-case' && listOfStrings(inner)) return undefined;
    if (keys.length === 1 && keys[0] === 'wildcard' && listOfStrings(inner)) {
      return anyOf(inner)
        .map(wildcardProblem)
        .find((p) => p !== undefined);
    }
  }
  return `${usage}; got ${describe(operand)}`;
}

const anyOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value instanceof JsonNumber) return `number ${value.raw}`;
  return `${Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value} ${JSON.stringify(value)}`;
}

import { InvalidRequestError } from '../../errors.ts';

/**
 * A small subset of CloudWatch metric math: `+ - * /`, unary minus, parentheses, numbers,
 * references to other query ids, and `FILL(series, number)`. Enough for the rates Greenlight
 * alarms on, e.g. `100 * FILL(m1, 0) / m2`.
 *
 * Semantics follow CloudWatch's time-series arithmetic:
 * - series ∘ series keeps only the timestamps present in both (missing stays missing);
 * - series ∘ number applies to every datapoint;
 * - a datapoint whose result is not finite (e.g. division by zero) is dropped;
 * - `FILL(m, v)` gives `m` a value at every period of the query range, using `v` where `m` is missing.
 */
export type MetricMathNode =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'ref'; readonly id: string }
  | { readonly kind: 'negate'; readonly operand: MetricMathNode }
  | {
      readonly kind: 'binary';
      readonly op: '+' | '-' | '*' | '/';
      readonly left: MetricMathNode;
      readonly right: MetricMathNode;
    }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly MetricMathNode[] };

/** Datapoints keyed by period start (epoch ms). */
export type TimeSeries = ReadonlyMap<number, number>;
/** What an expression evaluates to: a scalar or a time series. */
export type MathValue = number | TimeSeries;

export interface MetricMathContext {
  /** The value of another query by id; throw when unknown. */
  resolve(id: string): MathValue;
  /** Every period start of the query range, ascending (FILL uses them). */
  readonly timestamps: readonly number[];
}

type Token =
  | { readonly type: 'number'; readonly value: number; readonly at: number }
  | { readonly type: 'ident'; readonly name: string; readonly at: number }
  | { readonly type: 'punct'; readonly char: string; readonly at: number };

const tokenPattern =
  /\s*(?:(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|([-+*/(),]))/y;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  tokenPattern.lastIndex = 0;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    tokenPattern.lastIndex = at;
    const match = tokenPattern.exec(text);
    if (match === null)
      throw syntaxError(text, at, `unexpected character ${JSON.stringify(text.slice(at).trim()[0])}`);
    const start = at + (match[0].length - match[0].trimStart().length);
    if (match[1] !== undefined) tokens.push({ type: 'number', value: Number(match[1]), at: start });
    else if (match[2] !== undefined) tokens.push({ type: 'ident', name: match[2], at: start });
    else tokens.push({ type: 'punct', char: match[3] as string, at: start });
    at = tokenPattern.lastIndex;
  }
  return tokens;
}

function syntaxError(text: string, at: number, problem: string): InvalidRequestError {
  return new InvalidRequestError(
    `metric math expression ${JSON.stringify(text)} is invalid at position ${at}: ${problem}. Supported: numbers, query ids, + - * / ( ) and FILL(id, number)`,
  );
}

/** Parses a metric math expression; throws InvalidRequestError naming the position and the problem. */
export function parseMetricMath(text: string): MetricMathNode {
  const tokens = tokenize(text);
  let index = 0;
  const peek = (): Token | undefined => tokens[index];
  const isPunct = (char: string): boolean => {
    const token = peek();
    return token?.type === 'punct' && token.char === char;
  };
  const expect = (char: string): void => {
    if (!isPunct(char)) throw syntaxError(text, peek()?.at ?? text.length, `expected "${char}"`);
    index++;
  };

  const expression = (): MetricMathNode => {
    let node = term();
    while (isPunct('+') || isPunct('-')) {
      const op = (tokens[index++] as { char: '+' | '-' }).char;
      node = { kind: 'binary', op, left: node, right: term() };
    }
    return node;
  };
  const term = (): MetricMathNode => {
    let node = unary();
    while (isPunct('*') || isPunct('/')) {
      const op = (tokens[index++] as { char: '*' | '/' }).char;
      node = { kind: 'binary', op, left: node, right: unary() };
    }
    return node;
  };
  const unary = (): MetricMathNode => {
    if (isPunct('-')) {
      index++;
      return { kind: 'negate', operand: unary() };
    }
    if (isPunct('+')) {
      index++;
      return unary();
    }
    return primary();
  };
  const primary = (): MetricMathNode => {
    const token = peek();
    if (token === undefined) throw syntaxError(text, text.length, 'unexpected end of expression');
    index++;
    if (token.type === 'number') return { kind: 'number', value: token.value };
    if (token.type === 'ident') {
      if (!isPunct('(')) return { kind: 'ref', id: token.name };
      index++;
      const args: MetricMathNode[] = [expression()];
      while (isPunct(',')) {
        index++;
        args.push(expression());
      }
      expect(')');
      return { kind: 'call', name: token.name, args };
    }
    if (token.char === '(') {
      const inner = expression();
      expect(')');
      return inner;
    }
    throw syntaxError(text, token.at, `unexpected "${token.char}"`);
  };

  const root = expression();
  const rest = peek();
  if (rest !== undefined) throw syntaxError(text, rest.at, 'unexpected trailing input');
  validateCalls(text, root);
  return root;
}

function validateCalls(text: string, node: MetricMathNode): void {
  if (node.kind === 'negate') validateCalls(text, node.operand);
  if (node.kind === 'binary') {
    validateCalls(text, node.left);
    validateCalls(text, node.right);
  }
  if (node.kind !== 'call') return;
  if (node.name !== 'FILL') {
    throw new InvalidRequestError(
      `metric math function ${node.name} in ${JSON.stringify(text)} is not supported locally: only FILL(id, number) is`,
    );
  }
  if (node.args.length !== 2 || node.args[1]?.kind !== 'number') {
    throw new InvalidRequestError(
      `FILL in ${JSON.stringify(text)} takes a series and a number, e.g. FILL(m1, 0)`,
    );
  }
  for (const arg of node.args) validateCalls(text, arg);
}

/** Ids of the other queries an expression reads, in order of first use. */
export function referencedIds(node: MetricMathNode): string[] {
  const ids = new Set<string>();
  const walk = (n: MetricMathNode): void => {
    if (n.kind === 'ref') ids.add(n.id);
    else if (n.kind === 'negate') walk(n.operand);
    else if (n.kind === 'binary') {
      walk(n.left);
      walk(n.right);
    } else if (n.kind === 'call') n.args.forEach(walk);
  };
  walk(node);
  return [...ids];
}

const operations = {
  '+': (a: number, b: number) => a + b,
  '-': (a: number, b: number) => a - b,
  '*': (a: number, b: number) => a * b,
  '/': (a: number, b: number) => a / b,
} as const;

/** Evaluates a parsed expression with CloudWatch's time-series semantics (see the module comment). */
export function evaluateMetricMath(node: MetricMathNode, context: MetricMathContext): MathValue {
  switch (node.kind) {
    case 'number':
      return node.value;
    case 'ref':
      return context.resolve(node.id);
    case 'negate':
      return combine(0, evaluateMetricMath(node.operand, context), operations['-']);
    case 'binary':
      return combine(
        evaluateMetricMath(node.left, context),
        evaluateMetricMath(node.right, context),
        operations[node.op],
      );
    case 'call': {
      const series = evaluateMetricMath(node.args[0] as MetricMathNode, context);
      const fillValue = (node.args[1] as { value: number }).value;
      if (typeof series === 'number') return series;
      return new Map(context.timestamps.map((t) => [t, series.get(t) ?? fillValue]));
    }
  }
}

function combine(left: MathValue, right: MathValue, op: (a: number, b: number) => number): MathValue {
  if (typeof left === 'number' && typeof right === 'number') return op(left, right);
  const result = new Map<number, number>();
  const keep = (t: number, value: number): void => {
    if (Number.isFinite(value)) result.set(t, value);
  };
  if (typeof left === 'number') for (const [t, v] of right as TimeSeries) keep(t, op(left, v));
  else if (typeof right === 'number') for (const [t, v] of left) keep(t, op(v, right));
  else
    for (const [t, v] of left) {
      const other = right.get(t);
      if (other !== undefined) keep(t, op(v, other));
    }
  return result;
}

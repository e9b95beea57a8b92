import { InvalidRequestError } from '../../errors.ts';

/**
 * The subset of CloudWatch metric math that Greenlight's alarms use, parsed: numbers,
 * references to other query ids, `+ - * /`, the comparisons `< <= > >= == !=` (1 or 0), the
 * logical `AND`/`&&`, `OR`/`||` and `NOT`, parentheses, `FILL(series, number)` and
 * `IF(condition, then, else)`. Precedence, lowest first: OR, AND, NOT, comparison, `+ -`,
 * `* /`, unary minus. Evaluation is in metric-math-eval.ts.
 */
export type BinaryOperator = '+' | '-' | '*' | '/' | '<' | '<=' | '>' | '>=' | '==' | '!=' | 'AND' | 'OR';

export type MetricMathNode =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'ref'; readonly id: string }
  | { readonly kind: 'negate'; readonly operand: MetricMathNode }
  | { readonly kind: 'not'; readonly operand: MetricMathNode }
  | {
      readonly kind: 'binary';
      readonly op: BinaryOperator;
      readonly left: MetricMathNode;
      readonly right: MetricMathNode;
    }
  | { readonly kind: 'call'; readonly name: 'FILL' | 'IF'; readonly args: readonly MetricMathNode[] };

type Token =
  | { readonly type: 'number'; readonly value: number; readonly at: number }
  | { readonly type: 'ident'; readonly name: string; readonly at: number }
  | { readonly type: 'punct'; readonly char: string; readonly at: number };

const tokenPattern =
  /\s*(?:(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(<=|>=|==|!=|&&|\|\||[-+*/(),<>]))/y;

const supported =
  'numbers, query ids, + - * /, < <= > >= == !=, AND OR NOT, ( ), FILL(id, number) and IF(condition, then, else)';

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
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
    else tokens.push({ type: 'punct', char: normalisePunct(match[3] as string), at: start });
    at = tokenPattern.lastIndex;
  }
  return tokens;
}

const normalisePunct = (char: string): string => (char === '&&' ? 'AND' : char === '||' ? 'OR' : char);

function syntaxError(text: string, at: number, problem: string): InvalidRequestError {
  return new InvalidRequestError(
    `metric math expression ${JSON.stringify(text)} is invalid at position ${at}: ${problem}. Supported: ${supported}`,
  );
}

/** Parses a metric math expression; throws InvalidRequestError naming the position and the problem. */
export function parseMetricMath(text: string): MetricMathNode {
  const tokens = tokenize(text);
  let index = 0;
  const peek = (): Token | undefined => tokens[index];
  const isOperator = (name: string): boolean => {
    const token = peek();
    return (
      (token?.type === 'punct' && token.char === name) || (token?.type === 'ident' && token.name === name)
    );
  };
  const take = (names: readonly string[]): string | undefined => {
    const found = names.find(isOperator);
    if (found !== undefined) index++;
    return found;
  };
  const expect = (char: string): void => {
    if (!isOperator(char)) throw syntaxError(text, peek()?.at ?? text.length, `expected "${char}"`);
    index++;
  };
  const leftAssociative =
    (operators: readonly BinaryOperator[], next: () => MetricMathNode) => (): MetricMathNode => {
      let node = next();
      for (let op = take(operators); op !== undefined; op = take(operators)) {
        node = { kind: 'binary', op: op as BinaryOperator, left: node, right: next() };
      }
      return node;
    };

  const unary = (): MetricMathNode => {
    if (take(['-'])) return { kind: 'negate', operand: unary() };
    if (take(['+'])) return unary();
    return primary();
  };
  const product = leftAssociative(['*', '/'], unary);
  const sum = leftAssociative(['+', '-'], product);
  const comparison = (): MetricMathNode => {
    const left = sum();
    const op = take(['<=', '>=', '==', '!=', '<', '>']);
    return op === undefined ? left : { kind: 'binary', op: op as BinaryOperator, left, right: sum() };
  };
  const negation = (): MetricMathNode =>
    take(['NOT']) ? { kind: 'not', operand: negation() } : comparison();
  const conjunction = leftAssociative(['AND'], negation);
  const expression = leftAssociative(['OR'], conjunction);

  function primary(): MetricMathNode {
    const token = peek();
    if (token === undefined) throw syntaxError(text, text.length, 'unexpected end of expression');
    index++;
    if (token.type === 'number') return { kind: 'number', value: token.value };
    if (token.type === 'ident') {
      if (!isOperator('(')) return { kind: 'ref', id: token.name };
      index++;
      const args: MetricMathNode[] = [expression()];
      while (take([','])) args.push(expression());
      expect(')');
      return call(text, token, args);
    }
    if (token.char === '(') {
      const inner = expression();
      expect(')');
      return inner;
    }
    throw syntaxError(text, token.at, `unexpected "${token.char}"`);
  }

  const root = expression();
  const rest = peek();
  if (rest !== undefined) throw syntaxError(text, rest.at, 'unexpected trailing input');
  return root;
}

function call(text: string, token: { name: string; at: number }, args: MetricMathNode[]): MetricMathNode {
  if (token.name === 'FILL') {
    if (args.length !== 2 || args[1]?.kind !== 'number') {
      throw new InvalidRequestError(
        `FILL in ${JSON.stringify(text)} takes a series and a number, e.g. FILL(m1, 0)`,
      );
    }
    return { kind: 'call', name: 'FILL', args };
  }
  if (token.name === 'IF') {
    if (args.length !== 3) {
      throw new InvalidRequestError(
        `IF in ${JSON.stringify(text)} takes a condition, a value when true and a value when false, e.g. IF(m1 > 0, m2 / m1, 0)`,
      );
    }
    return { kind: 'call', name: 'IF', args };
  }
  throw new InvalidRequestError(
    `metric math function ${token.name} in ${JSON.stringify(text)} is not supported locally: only FILL and IF are`,
  );
}

/** Ids of the other queries an expression reads, in order of first use. */
export function referencedIds(node: MetricMathNode): string[] {
  const ids = new Set<string>();
  const walk = (n: MetricMathNode): void => {
    if (n.kind === 'ref') ids.add(n.id);
    else if (n.kind === 'negate' || n.kind === 'not') walk(n.operand);
    else if (n.kind === 'binary') {
      walk(n.left);
      walk(n.right);
    } else if (n.kind === 'call') n.args.forEach(walk);
  };
  walk(node);
  return [...ids];
}

import type { BinaryOperator, MetricMathNode } from './metric-math.ts';

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

const truth = (value: boolean): number => (value ? 1 : 0);

const operations: Record<BinaryOperator, (a: number, b: number) => number> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
  '<': (a, b) => truth(a < b),
  '<=': (a, b) => truth(a <= b),
  '>': (a, b) => truth(a > b),
  '>=': (a, b) => truth(a >= b),
  '==': (a, b) => truth(a === b),
  '!=': (a, b) => truth(a !== b),
  AND: (a, b) => truth(a !== 0 && b !== 0),
  OR: (a, b) => truth(a !== 0 || b !== 0),
};

/**
 * Evaluates a parsed expression with CloudWatch's time-series semantics:
 * - series ∘ series keeps only the timestamps present in both (missing stays missing);
 * - series ∘ number applies to every datapoint;
 * - a datapoint whose result is not finite (e.g. division by zero) is dropped;
 * - comparisons and logic give 1 or 0;
 * - `FILL(m, v)` gives `m` a value at every period of the query range, `v` where it is missing;
 * - `IF(c, a, b)` has a datapoint where `c` has one: `a`'s value there when `c` is not 0,
 *   else `b`'s (a scalar, or the series' value at that time; none when it has none).
 */
export function evaluateMetricMath(node: MetricMathNode, context: MetricMathContext): MathValue {
  switch (node.kind) {
    case 'number':
      return node.value;
    case 'ref':
      return context.resolve(node.id);
    case 'negate':
      return combine(0, evaluateMetricMath(node.operand, context), operations['-']);
    case 'not':
      return combine(evaluateMetricMath(node.operand, context), 0, operations['==']);
    case 'binary':
      return combine(
        evaluateMetricMath(node.left, context),
        evaluateMetricMath(node.right, context),
        operations[node.op],
      );
    case 'call':
      return node.name === 'FILL' ? fill(node.args, context) : choose(node.args, context);
  }
}

function fill(args: readonly MetricMathNode[], context: MetricMathContext): MathValue {
  const series = evaluateMetricMath(args[0] as MetricMathNode, context);
  const fillValue = (args[1] as { value: number }).value;
  if (typeof series === 'number') return series;
  return new Map(context.timestamps.map((t) => [t, series.get(t) ?? fillValue]));
}

function choose(args: readonly MetricMathNode[], context: MetricMathContext): MathValue {
  const [condition, whenTrue, whenFalse] = args.map((arg) => evaluateMetricMath(arg, context)) as [
    MathValue,
    MathValue,
    MathValue,
  ];
  const at = (value: MathValue, t: number): number | undefined =>
    typeof value === 'number' ? value : value.get(t);
  if (typeof condition === 'number') return condition !== 0 ? whenTrue : whenFalse;
  const result = new Map<number, number>();
  for (const [t, c] of condition) {
    const value = at(c !== 0 ? whenTrue : whenFalse, t);
    if (value !== undefined && Number.isFinite(value)) result.set(t, value);
  }
  return result;
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

/**
 * Draws an ASL state machine as a Mermaid flowchart, for the README and docs/aws.md.
 * Pure: the same definition always gives the same text, so the picture can be checked in
 * and regenerated (`npx tsx src/workflow/asl-to-mermaid.ts statemachines/deploy.asl.json`).
 *
 * Solid arrows are `Next`/`Default`/choice rules, dotted arrows are `Catch` routes labelled
 * with the error names. Retries are not drawn (they return to the same state).
 */

interface AslState {
  readonly Type: string;
  readonly Next?: string;
  readonly End?: boolean;
  readonly Default?: string;
  readonly Choices?: readonly {
    readonly Next: string;
    readonly Variable?: string;
    readonly [op: string]: unknown;
  }[];
  readonly Catch?: readonly { readonly ErrorEquals: readonly string[]; readonly Next: string }[];
  readonly Branches?: readonly AslMachine[];
  readonly ItemProcessor?: AslMachine;
  readonly Iterator?: AslMachine;
}

interface AslMachine {
  readonly StartAt: string;
  readonly States: Readonly<Record<string, AslState>>;
}

const nodeId = (prefix: string, name: string): string => `${prefix}${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
const quote = (text: string): string => `"${text.replace(/"/g, '#quot;')}"`;

/** The node shape for a state type: choices are diamonds, waits are rounded, ends are circles. */
function shape(id: string, name: string, type: string): string {
  const label = quote(name);
  switch (type) {
    case 'Choice':
      return `${id}{${label}}`;
    case 'Wait':
      return `${id}([${label}])`;
    case 'Succeed':
    case 'Fail':
      return `${id}((${label}))`;
    case 'Pass':
      return `${id}[/${label}/]`;
    default:
      return `${id}[${label}]`;
  }
}

/** A short label for a choice rule: `$.backup.ready BooleanEquals true`, `… and …` for `And`/`Or`. */
function choiceLabel(rule: Readonly<Record<string, unknown>>): string {
  return conditionText(rule).slice(0, 80);
}

function conditionText(rule: Readonly<Record<string, unknown>>): string {
  const operator = Object.keys(rule).find((key) => key !== 'Variable' && key !== 'Next');
  if (!operator) return '';
  const value = rule[operator];
  if ((operator === 'And' || operator === 'Or') && Array.isArray(value)) {
    return value
      .map((inner) => conditionText(inner as Record<string, unknown>))
      .join(` ${operator.toLowerCase()} `);
  }
  if (operator === 'Not' && typeof value === 'object' && value !== null) {
    return `not (${conditionText(value as Record<string, unknown>)})`;
  }
  const rendered = typeof value === 'object' ? operator : `${operator} ${JSON.stringify(value)}`;
  return `${typeof rule.Variable === 'string' ? `${rule.Variable} ` : ''}${rendered}`;
}

function draw(machine: AslMachine, prefix: string, lines: string[], indent: string): void {
  for (const [name, state] of Object.entries(machine.States)) {
    const id = nodeId(prefix, name);
    lines.push(`${indent}${shape(id, name, state.Type)}`);
    const nested =
      state.Branches ?? [state.ItemProcessor ?? state.Iterator].filter((m): m is AslMachine => !!m);
    nested.forEach((child, index) => {
      const childPrefix = `${id}_${index}_`;
      lines.push(
        `${indent}subgraph ${id}_${index}[${quote(`${name} ${state.Type === 'Map' ? 'item' : `branch ${index + 1}`}`)}]`,
      );
      draw(child, childPrefix, lines, `${indent}  `);
      lines.push(`${indent}end`);
      lines.push(`${indent}${id} --> ${nodeId(childPrefix, child.StartAt)}`);
    });
  }
  for (const [name, state] of Object.entries(machine.States)) {
    const id = nodeId(prefix, name);
    if (state.Next) lines.push(`${indent}${id} --> ${nodeId(prefix, state.Next)}`);
    for (const rule of state.Choices ?? []) {
      const label = choiceLabel(rule);
      lines.push(`${indent}${id} -->${label ? `|${quote(label)}|` : ''} ${nodeId(prefix, rule.Next)}`);
    }
    if (state.Default) lines.push(`${indent}${id} -->|"otherwise"| ${nodeId(prefix, state.Default)}`);
    for (const route of state.Catch ?? []) {
      lines.push(`${indent}${id} -.->|${quote(route.ErrorEquals.join(', '))}| ${nodeId(prefix, route.Next)}`);
    }
  }
}

/** Renders `definition` (a parsed ASL document) as a Mermaid `flowchart TD`. */
export function aslToMermaid(definition: unknown): string {
  const machine = definition as AslMachine;
  if (!machine || typeof machine.StartAt !== 'string' || typeof machine.States !== 'object') {
    throw new Error('expected an ASL definition with StartAt and States');
  }
  const lines = ['flowchart TD', '  start((start))'];
  draw(machine, 's_', lines, '  ');
  lines.splice(2, 0, `  start --> ${nodeId('s_', machine.StartAt)}`);
  return `${lines.join('\n')}\n`;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, '/'))) {
  const { readFileSync } = await import('node:fs');
  const file = process.argv[2] ?? 'statemachines/deploy.asl.json';
  process.stdout.write(aslToMermaid(JSON.parse(readFileSync(file, 'utf8'))));
}

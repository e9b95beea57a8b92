import { existsSync, readFileSync } from 'node:fs';

/**
 * Reading an ASL file at synth time: which `${Placeholders}` it uses, which Lambda functions
 * they name, and how long each function may run. Pure apart from reading the file.
 */

const placeholderPattern = /\$\{([A-Za-z][A-Za-z0-9_]*)\}/g;
const functionPlaceholder = /^([A-Z][A-Za-z0-9]*)FunctionArn$/;

/** Every distinct `${Name}` in the text, in order of first use. */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(placeholderPattern)].map((match) => match[1] as string))];
}

/** `DeployGreenFunctionArn` → `deploy-green`; null for a placeholder that is not a function ARN. */
export function functionNameOf(placeholder: string): string | null {
  const pascal = functionPlaceholder.exec(placeholder)?.[1];
  return pascal ? pascal.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase() : null;
}

/**
 * The `definitionSubstitutions` for an ASL file: a value for every placeholder, or an error
 * that names each unknown one, the file, and the names that are known.
 */
export function substitutionsFor(
  text: string,
  file: string,
  known: Readonly<Record<string, string>>,
): Record<string, string> {
  const placeholders = placeholdersIn(text);
  const unknown = placeholders.filter((name) => !(name in known));
  if (unknown.length > 0) {
    throw new Error(
      `${file} uses placeholder(s) ${unknown.map((n) => `\${${n}}`).join(', ')} that the Greenlight construct cannot fill. ` +
        `Known placeholders: ${Object.keys(known).sort().join(', ')}. ` +
        'Add a functions/<name>/index.ts for a new <Name>FunctionArn, or add the value to lib/greenlight.ts.',
    );
  }
  return Object.fromEntries(placeholders.map((name) => [name, known[name] as string]));
}

/**
 * The seconds each function's direct Task states allow (the smallest `TimeoutSeconds` of the
 * Tasks whose Resource is `${<Name>FunctionArn}`). Callback tasks are not counted: their
 * Lambda only stores a token and returns.
 */
export function taskTimeoutsByFunction(definition: unknown): Map<string, number> {
  const timeouts = new Map<string, number>();
  const visit = (states: Record<string, unknown>) => {
    for (const state of Object.values(states) as Array<Record<string, unknown>>) {
      if (
        state.Type === 'Task' &&
        typeof state.Resource === 'string' &&
        typeof state.TimeoutSeconds === 'number'
      ) {
        const placeholder = /^\$\{(.+)\}$/.exec(state.Resource)?.[1];
        const name = placeholder ? functionNameOf(placeholder) : null;
        if (name)
          timeouts.set(name, Math.min(timeouts.get(name) ?? Number.POSITIVE_INFINITY, state.TimeoutSeconds));
      }
      for (const branch of (state.Branches as Array<{ States: Record<string, unknown> }> | undefined) ?? []) {
        visit(branch.States);
      }
      const iterator = (state.ItemProcessor ?? state.Iterator) as
        | { States?: Record<string, unknown> }
        | undefined;
      if (iterator?.States) visit(iterator.States);
    }
  };
  const states = (definition as { States?: Record<string, unknown> }).States;
  if (states) visit(states);
  return timeouts;
}

/** An ASL file read at synth time. */
export interface AslFile {
  readonly path: string;
  readonly text: string;
  readonly definition: unknown;
}

/** Reads and parses an ASL file, or returns null when it does not exist (yet). */
export function readAslFile(path: string): AslFile | null {
  if (!existsSync(path)) return null;
  const text = readFileSync(path, 'utf8');
  try {
    return { path, text, definition: JSON.parse(text) };
  } catch (error) {
    throw new Error(`${path} is not valid JSON: ${(error as Error).message}`);
  }
}

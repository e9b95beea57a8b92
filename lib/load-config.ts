import { readFileSync } from 'node:fs';
import { describeIssues } from '../src/schema/parse.ts';
import { type GreenlightConfigFile, greenlightConfigFileSchema } from './config-schema.ts';

/** The config file could not be read or is invalid. The message names every bad field. */
export class GreenlightConfigFileError extends Error {
  override readonly name = 'GreenlightConfigFileError';
}

/** Validates already-parsed config JSON. `source` names it in messages (usually the file path). */
export function parseGreenlightConfig(raw: unknown, source: string): GreenlightConfigFile {
  const result = greenlightConfigFileSchema.safeParse(raw);
  if (result.success) return result.data;
  const problems = describeIssues(result.error.issues, raw);
  throw new GreenlightConfigFileError(
    `${source} is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}\nFix these fields and run cdk synth again.`,
  );
}

/** Reads and validates `config/greenlight.config.json` (or another path). Fails the synth on any problem. */
export function loadGreenlightConfig(path: string): GreenlightConfigFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new GreenlightConfigFileError(
      `cannot read the Greenlight config ${path}: ${(error as Error).message}`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new GreenlightConfigFileError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  return parseGreenlightConfig(raw, path);
}

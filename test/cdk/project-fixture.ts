import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scheduledFunctions } from '../../src/workflow/scheduled-functions.ts';
import { stepFunctionNames } from '../../src/workflow/step-functions.ts';

const repoRoot = new URL('../..', import.meta.url).pathname;

/**
 * A throw-away project root: the repo's tsconfig, lock file, node_modules and src, the real
 * deploy ASL unless `deployAsl` is given, optional extra ASL files, and a stub
 * `functions/<name>/index.ts` for each of `functions` (default: every step), plus the scheduled
 * functions, which every stack schedules.
 */
export function projectFixture(
  options: { functions?: readonly string[]; deployAsl?: string; extraAsl?: Record<string, string> } = {},
): string {
  const root = mkdtempSync(join(tmpdir(), 'greenlight-root-'));
  for (const name of ['tsconfig.json', 'package-lock.json', 'node_modules', 'src']) {
    symlinkSync(join(repoRoot, name), join(root, name));
  }
  mkdirSync(join(root, 'statemachines'));
  if (options.deployAsl) writeFileSync(join(root, 'statemachines', 'deploy.asl.json'), options.deployAsl);
  else
    symlinkSync(
      join(repoRoot, 'statemachines', 'deploy.asl.json'),
      join(root, 'statemachines', 'deploy.asl.json'),
    );
  for (const [file, text] of Object.entries(options.extraAsl ?? {})) {
    writeFileSync(join(root, 'statemachines', file), text);
  }
  const scheduled = scheduledFunctions.map((entry) => entry.step.name);
  for (const name of [...(options.functions ?? stepFunctionNames), ...scheduled]) {
    mkdirSync(join(root, 'functions', name), { recursive: true });
    writeFileSync(join(root, 'functions', name, 'index.ts'), 'export const handler = async () => ({});\n');
  }
  return root;
}

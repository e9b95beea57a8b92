import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { functionNameOf, placeholdersIn } from '../../lib/asl-definition.ts';
import type { EnvironmentEntry } from '../../lib/config-schema.ts';
import { GreenlightStack } from '../../lib/greenlight-stack.ts';
import { loadGreenlightConfig } from '../../lib/load-config.ts';
import { scheduledFunctions } from '../../src/workflow/scheduled-functions.ts';
import { stepFunctionNames } from '../../src/workflow/step-functions.ts';

export const configPath = new URL('../../config/greenlight.config.json', import.meta.url).pathname;

export interface Synthesised {
  readonly app: App;
  readonly stack: GreenlightStack;
  readonly template: Template;
}

/**
 * Synthesises the Greenlight stack of one environment from the real config file.
 *
 * `bundle: false` sets CDK's `aws:cdk:bundling-stacks` context to none, so NodejsFunctions get
 * a placeholder asset instead of running esbuild 17 times: the template is otherwise the same.
 * One test file bundles for real. `GREENLIGHT_PROJECT_ROOT` may point the construct at another
 * checkout (used while handlers are being written).
 */
export function synthEnvironment(
  environment: string,
  options: { bundle?: boolean; edit?: (entry: EnvironmentEntry) => EnvironmentEntry } = {},
): Synthesised {
  const config = loadGreenlightConfig(configPath);
  const found = config.environments[environment];
  if (!found) throw new Error(`no environment ${environment} in ${configPath}`);
  const entry = options.edit ? options.edit(found) : found;
  const app = new App(options.bundle ? {} : { context: { 'aws:cdk:bundling-stacks': [] } });
  const projectRoot = process.env.GREENLIGHT_PROJECT_ROOT;
  const stack = new GreenlightStack(app, `Greenlight-${environment}`, {
    entry,
    ...(projectRoot && { overrides: { projectRoot } }),
  });
  return { app, stack, template: Template.fromStack(stack) };
}

/** The project root the tests synthesise (the repo, or GREENLIGHT_PROJECT_ROOT). */
export const projectRoot = process.env.GREENLIGHT_PROJECT_ROOT ?? new URL('../..', import.meta.url).pathname;

/**
 * Every function the construct should create: the steps, the functions the ASL files name,
 * the operators' approval API, and the signed-link endpoint when its entry exists.
 */
export function expectedFunctionNames(): string[] {
  const fromAsl = ['deploy.asl.json', 'dr-test.asl.json'].flatMap((file) => {
    const path = join(projectRoot, 'statemachines', file);
    return existsSync(path)
      ? placeholdersIn(readFileSync(path, 'utf8')).flatMap((p) => functionNameOf(p) ?? [])
      : [];
  });
  const link = existsSync(join(projectRoot, 'functions', 'approval-endpoint', 'index.ts'))
    ? ['approval-endpoint']
    : [];
  // Scheduled, in no ASL: created when its entry exists.
  const retention = existsSync(join(projectRoot, 'functions', 'snapshot-retention', 'index.ts'))
    ? ['snapshot-retention']
    : [];
  return [
    ...new Set([
      ...stepFunctionNames,
      ...fromAsl,
      'approval-api',
      ...scheduledFunctions.map((scheduled) => scheduled.step.name),
      ...link,
      ...retention,
    ]),
  ];
}

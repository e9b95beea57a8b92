import type { Logger } from '@aws-lambda-powertools/logger';
import { drCheckRestore } from '../../functions/dr-check-restore/handler.ts';
import { drCleanup } from '../../functions/dr-cleanup/handler.ts';
import { drEvaluate } from '../../functions/dr-evaluate/handler.ts';
import { drFindSnapshot } from '../../functions/dr-find-snapshot/handler.ts';
import { drReport } from '../../functions/dr-report/handler.ts';
import { drRestore } from '../../functions/dr-restore/handler.ts';
import { drVerifyIntegrity } from '../../functions/dr-verify-integrity/handler.ts';
import type { Ports } from '../ports/index.ts';
import type { LocalFunction } from '../runtime/local-lambda.ts';
import { placeholderFor } from '../workflow/step-functions.ts';
import { localFunctionArn } from '../workflow/steps.ts';
import type { BoundDrStep } from './define-dr-step.ts';
import type { DrPorts } from './dr-ports.ts';

/**
 * The DR drill's Lambda functions (`functions/dr-*`), referred to in dr-test.asl.json as
 * `${Dr<Name>FunctionArn}` (e.g. `dr-find-snapshot` → `${DrFindSnapshotFunctionArn}`).
 */
export const drStepFunctionNames = [
  'dr-find-snapshot',
  'dr-restore',
  'dr-check-restore',
  'dr-verify-integrity',
  'dr-evaluate',
  'dr-cleanup',
  'dr-report',
] as const;

export type DrStepFunctionName = (typeof drStepFunctionNames)[number];

/** Every DR step, by its `functions/<name>` folder. */
export const drSteps: Readonly<Record<DrStepFunctionName, BoundDrStep<unknown>>> = {
  'dr-find-snapshot': drFindSnapshot,
  'dr-restore': drRestore,
  'dr-check-restore': drCheckRestore,
  'dr-verify-integrity': drVerifyIntegrity,
  'dr-evaluate': drEvaluate,
  'dr-cleanup': drCleanup,
  'dr-report': drReport,
};

/** Binds every DR step to its adapters: the ASL substitutions and the functions they point to. */
export function bindDrSteps(
  ports: Ports,
  drPorts: DrPorts,
  options: { logger?: Logger } = {},
): { substitutions: Record<string, string>; functions: Map<string, LocalFunction> } {
  const substitutions: Record<string, string> = {};
  const functions = new Map<string, LocalFunction>();
  for (const name of drStepFunctionNames) {
    const arn = localFunctionArn(name);
    substitutions[placeholderFor(name)] = arn;
    functions.set(arn, drSteps[name].bind(ports, drPorts, options) as LocalFunction);
  }
  return { substitutions, functions };
}

import type { Logger } from '@aws-lambda-powertools/logger';
import { alarmRelay } from '../../functions/alarm-relay/handler.ts';
import { approval } from '../../functions/approval/handler.ts';
import { backup } from '../../functions/backup/handler.ts';
import { bake } from '../../functions/bake/handler.ts';
import { decommissionBlue } from '../../functions/decommission-blue/handler.ts';
import { deployGreen } from '../../functions/deploy-green/handler.ts';
import { finish } from '../../functions/finish/handler.ts';
import { migrate } from '../../functions/migrate/handler.ts';
import { notify } from '../../functions/notify/handler.ts';
import { preflight } from '../../functions/preflight/handler.ts';
import { promote } from '../../functions/promote/handler.ts';
import { reconcile } from '../../functions/reconcile/handler.ts';
import { restoreDatabase } from '../../functions/restore-database/handler.ts';
import { rollback } from '../../functions/rollback/handler.ts';
import { shiftWeight } from '../../functions/shift-weight/handler.ts';
import { standby } from '../../functions/standby/handler.ts';
import { verify } from '../../functions/verify/handler.ts';
import { verifyGreen } from '../../functions/verify-green/handler.ts';
import type { BoundStep } from '../handlers/define-step.ts';
import type { Ports } from '../ports/index.ts';
import type { LocalFunction } from '../runtime/local-lambda.ts';
import { placeholderFor, type StepFunctionName, stepFunctionNames } from './step-functions.ts';

/** Every step, by its `functions/<name>` folder. */
export const steps: Readonly<Record<StepFunctionName, BoundStep<unknown>>> = {
  preflight,
  approval,
  backup,
  migrate,
  'deploy-green': deployGreen,
  'verify-green': verifyGreen,
  'shift-weight': shiftWeight,
  bake,
  verify,
  promote,
  standby,
  'decommission-blue': decommissionBlue,
  rollback,
  'restore-database': restoreDatabase,
  finish,
  notify,
  'alarm-relay': alarmRelay,
  reconcile,
};

/** The local ARN of a step's function, as CDK would name it (`greenlight-<name>`). */
export const localFunctionArn = (name: string, region = 'local', accountId = '000000000000'): string =>
  `arn:aws:lambda:${region}:${accountId}:function:greenlight-${name}`;

/** Binds every step to `ports`: the ASL substitutions and the functions they point to. */
export function bindSteps(
  ports: Ports,
  options: { logger?: Logger } = {},
): { substitutions: Record<string, string>; functions: Map<string, LocalFunction> } {
  const substitutions: Record<string, string> = {};
  const functions = new Map<string, LocalFunction>();
  for (const name of stepFunctionNames) {
    const arn = localFunctionArn(name);
    substitutions[placeholderFor(name)] = arn;
    functions.set(arn, steps[name].bind(ports, options) as LocalFunction);
  }
  return { substitutions, functions };
}

import type { Command } from 'commander';
import { registerAnswerCommand } from './approve.ts';

/** `greenlight rollback <deployment-id>`: ManualRollbackError on the waiting Standby or Bake task. */
export function registerRollbackCommand(program: Command): void {
  registerAnswerCommand(
    program,
    'rollback',
    'roll back by hand during a bake or while blue is on standby: traffic switches back at once',
  );
}

import type { Command } from 'commander';
import { registerAnswerCommand } from './approve.ts';

/** `greenlight reject <deployment-id> [--step] [--reason]`: ApprovalRejectedError (ManualRollbackError for bake/standby). */
export function registerRejectCommand(program: Command): void {
  registerAnswerCommand(
    program,
    'reject',
    'reject the waiting approval as --role, through the approval gate (recorded, then SendTaskFailure ApprovalRejectedError): the deployment ends, no traffic moves; with --step bake|standby, roll back',
  );
}

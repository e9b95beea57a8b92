import type { Command } from 'commander';
import { answerTask, type OperatorAction } from '../../operator/answer-task.ts';
import {
  actingIdentity,
  type CommonFlags,
  parseStep,
  print,
  withConnectionOptions,
  withSession,
} from '../../operator/cli-support.ts';

interface AnswerFlags extends CommonFlags {
  step?: string;
  reason?: string;
  by?: string;
  role?: string;
}

/** Registers one of `approve`, `reject`, `rollback`: they differ only in the answer sent. */
export function registerAnswerCommand(program: Command, action: OperatorAction, description: string): void {
  const command = program.command(`${action} <deployment-id>`).description(description);
  if (action !== 'rollback') command.option('--step <step>', 'approval | bake | standby', 'approval');
  else command.option('--step <step>', 'bake | standby (default: whichever is waiting)');
  command
    .option('--reason <text>', 'why (recorded in the execution history and the audit trail)')
    .option('--by <identity>', 'who is acting (default: $GREENLIGHT_OPERATOR or the OS user)')
    .option('--role <role>', 'the role you act in, e.g. cab (recorded)');
  withConnectionOptions(command).action(async (deploymentId: string, flags: AnswerFlags) => {
    const result = await withSession(flags, (session) =>
      answerTask(session, {
        deploymentId,
        action,
        step: parseStep(flags.step),
        by: actingIdentity(flags.by),
        nowMs: Date.now(),
        ...(flags.reason ? { reason: flags.reason } : {}),
        ...(flags.role ? { role: flags.role } : {}),
      }),
    );
    print(flags, result, () =>
      result.sent === 'SendTaskSuccess'
        ? `${deploymentId}: ${result.state} answered with success (${action}).`
        : `${deploymentId}: ${result.state} failed with ${result.error}: ${result.cause}`,
    );
  });
}

/** `greenlight approve <deployment-id> [--step approval|bake|standby] [--reason]`. */
export function registerApproveCommand(program: Command): void {
  registerAnswerCommand(
    program,
    'approve',
    'approve the waiting approval (SendTaskSuccess); with --step bake|standby, end that wait early',
  );
}

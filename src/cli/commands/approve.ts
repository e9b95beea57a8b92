import type { Command } from 'commander';
import { answerTask, type OperatorAction } from '../../operator/answer-task.ts';
import { type GateApproval, openApprovalGate } from '../../operator/approval-gate-client.ts';
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
  as?: string;
  role?: string;
  approvalUrl?: string;
  table?: string;
}

/** Registers one of `approve`, `reject`, `rollback`: they differ only in the answer sent. */
export function registerAnswerCommand(program: Command, action: OperatorAction, description: string): void {
  const command = program.command(`${action} <deployment-id>`).description(description);
  if (action !== 'rollback') command.option('--step <step>', 'approval | bake | standby', 'approval');
  else command.option('--step <step>', 'bake | standby (default: whichever is waiting)');
  command
    .option('--reason <text>', 'why (recorded in the execution history and the audit trail)')
    .option(
      '--as <identity>',
      'who is acting (default: $GREENLIGHT_OPERATOR or the OS user); locally there is no IAM, so this is the approver counted',
    )
    .option('--by <identity>', 'same as --as')
    .option(
      '--role <role>',
      action === 'approve'
        ? 'the role you approve as, one the gate requires, e.g. cab (required for the approval step)'
        : 'the role you act in, e.g. cab (recorded)',
    );
  if (action === 'approve') {
    command
      .option(
        '--approval-url <url>',
        'with --endpoint: the approval API greenlight serve printed (default: $GREENLIGHT_APPROVAL_URL)',
      )
      .option(
        '--table <name>',
        'on AWS: the Greenlight DynamoDB table the gate counts approvals in (default: $GREENLIGHT_TABLE)',
      );
  }
  withConnectionOptions(command).action(async (deploymentId: string, flags: AnswerFlags) => {
    const step = parseStep(flags.step);
    // Approvals are counted by the gate (N distinct approvers); ending a wait early is not one.
    const countsAsApproval = action === 'approve' && (step ?? 'approval') === 'approval';
    // Opened on use, so "nothing is waiting" is reported before any missing gate flag.
    const gate = countsAsApproval ? (approval: GateApproval) => openApprovalGate(flags)(approval) : undefined;
    const result = await withSession(flags, (session) =>
      answerTask(session, {
        deploymentId,
        action,
        step,
        by: actingIdentity(flags.as ?? flags.by),
        nowMs: Date.now(),
        ...(flags.reason ? { reason: flags.reason } : {}),
        ...(flags.role ? { role: flags.role } : {}),
        ...(gate ? { gate } : {}),
      }),
    );
    print(flags, result, () => {
      if (result.gate?.status === 'recorded') {
        return `${deploymentId}: approval recorded; ${result.state} still waits (${result.gate.detail}).`;
      }
      if (result.sent === 'SendTaskSuccess') {
        const detail = result.gate ? ` ${result.gate.detail}.` : '';
        return `${deploymentId}: ${result.state} answered with success (${action}).${detail}`;
      }
      return `${deploymentId}: ${result.state} failed with ${result.error}: ${result.cause}`;
    });
  });
}

/** `greenlight approve <deployment-id> [--step approval|bake|standby] [--reason]`. */
export function registerApproveCommand(program: Command): void {
  registerAnswerCommand(
    program,
    'approve',
    'approve the waiting approval as --role: counted by the approval gate, which proceeds once every required role has its distinct approvers; with --step bake|standby, end that wait early',
  );
}

import type { Command } from 'commander';
import type { OperatorAction } from '../../operator/answer-task.ts';
import type { GateDecision } from '../../operator/approval-gate-client.ts';
import {
  actingIdentity,
  type CommonFlags,
  parseStep,
  print,
  withConnectionOptions,
  withSession,
} from '../../operator/cli-support.ts';

/** The `--step` of the approvals a release owes after it went out (seed 000 §7.4). */
const afterTheFactStep = 'after-the-fact';

interface AnswerFlags extends CommonFlags {
  step?: string;
  reason?: string;
  by?: string;
  as?: string;
  role?: string;
  approvalUrl?: string;
}

/** Registers one of `approve`, `reject`, `rollback`: they differ only in the answer sent. */
export function registerAnswerCommand(program: Command, action: OperatorAction, description: string): void {
  const command = program.command(`${action} <deployment-id>`).description(description);
  if (action !== 'rollback')
    command.option(
      '--step <step>',
      "approval | bake | standby | restore (the rollback's snapshot restore) | after-the-fact (the approvals a release owes once it went out)",
      'approval',
    );
  else command.option('--step <step>', 'bake | standby (default: whichever is waiting)');
  command
    .option('--reason <text>', 'why (recorded in the execution history and the audit trail)')
    .option(
      '--as <identity>',
      'who is acting (default: $GREENLIGHT_OPERATOR or the OS user); locally, where there is no IAM, the approver counted; on AWS refused for approve/reject, which record your IAM identity',
    )
    .option('--by <identity>', 'same as --as')
    .option(
      '--role <role>',
      action === 'rollback'
        ? 'the role you act in, e.g. cab (recorded)'
        : `the role you ${action} as, one the gate requires, e.g. cab (required for the approval step)`,
    );
  if (action !== 'rollback') {
    command.option(
      '--approval-url <url>',
      'the approval API: on AWS the stack output ApprovalApiUrl (signed with your AWS credentials, --profile); with --endpoint the URL greenlight serve printed (default: $GREENLIGHT_APPROVAL_URL)',
    );
  }
  withConnectionOptions(command).action(async (deploymentId: string, flags: AnswerFlags) => {
    if (action !== 'rollback' && flags.step === afterTheFactStep) {
      // No task waits for these: the decision goes to the approval API alone, counted there.
      const { answerAfterTheFact } = await import('../../operator/answer-after-the-fact.ts');
      const answer = await answerAfterTheFact(
        { ...flags, defaultOperator: actingIdentity(undefined) },
        {
          deploymentId,
          decision: action,
          ...(flags.role ? { role: flags.role } : {}),
          reason: flags.reason ?? '',
        },
      );
      print(
        flags,
        answer,
        () =>
          `${deploymentId}: after the fact, ${answer.status}: ${answer.detail}. Recorded as ${answer.by}.`,
      );
      return;
    }
    const step = parseStep(flags.step);
    // Decisions on the approval step go through the gate; ending a wait early is not one.
    const decidesApproval = action !== 'rollback' && (step ?? 'approval') === 'approval';
    // Opened on use, so "nothing is waiting" is reported before any missing gate flag.
    const gate = decidesApproval
      ? async (decision: GateDecision) => {
          const { openApprovalGate } = await import('../../operator/open-approval-gate.ts');
          return openApprovalGate({
            ...flags,
            as: flags.as ?? flags.by,
            defaultOperator: actingIdentity(undefined),
          })(decision);
        }
      : undefined;
    const { answerTask } = await import('../../operator/answer-task.ts');
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
      const recordedAs = result.gate ? ` Recorded as ${result.gate.by}.` : '';
      if (result.gate?.status === 'recorded') {
        return `${deploymentId}: approval recorded; ${result.state} still waits (${result.gate.detail}).${recordedAs}`;
      }
      if (result.sent === 'SendTaskSuccess') {
        const detail = result.gate ? ` ${result.gate.detail}.` : '';
        return `${deploymentId}: ${result.state} answered with success (${action}).${detail}${recordedAs}`;
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

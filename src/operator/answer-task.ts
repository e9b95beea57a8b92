/**
 * `greenlight approve | reject | rollback`: finds the task token of the waiting callback task
 * in the execution history and answers it with SendTaskSuccess / SendTaskFailure. IAM decides
 * who may (states:SendTaskSuccess / SendTaskFailure on the state machine).
 *
 * A decision on the approval step is the exception: approve and reject go through the approval
 * gate (its API), which records who decided from the request's authentication (the IAM identity
 * on AWS), counts each person once in a role the gate requires, completes the task when every
 * requirement has its approvers and fails it at once on a rejection. Ending a bake or standby
 * early is not an approval.
 */
import { SendTaskFailureCommand, SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { ApprovalRejectedError, InvalidRequestError, ManualRollbackError } from '../errors.ts';
import type { ApprovalGateClient, GateAnswer } from './approval-gate-client.ts';
import { describeDeployment, fullHistory } from './executions.ts';
import { type CallbackStep, callbackStates, viewHistory, type WaitingTask } from './history-view.ts';
import { OperatorStateError } from './operator-errors.ts';
import type { SfnSession } from './sfn-session.ts';

export type OperatorAction = 'approve' | 'reject' | 'rollback';

export interface AnswerRequest {
  readonly deploymentId: string;
  readonly action: OperatorAction;
  /** Which waiting task; default: `approval` for approve/reject, the waiting Standby or Bake for rollback. */
  readonly step?: CallbackStep;
  readonly reason?: string;
  /** Who is acting, for answers the gate does not take (bake, standby, rollback): recorded in the task output/cause. */
  readonly by: string;
  /** The role decided as: required at the approval step (one the gate requires), else recorded. */
  readonly role?: string;
  readonly nowMs: number;
  /** Takes approve/reject at AwaitApproval; required there. */
  readonly gate?: ApprovalGateClient;
}

export interface AnswerResult {
  readonly deploymentId: string;
  readonly action: OperatorAction;
  readonly state: string;
  /** `none`: the approval was counted and the gate still waits for other approvers. */
  readonly sent: 'SendTaskSuccess' | 'SendTaskFailure' | 'none';
  /** For decisions on the approval step: what the gate did, and whom it recorded. */
  readonly gate?: GateAnswer;
  readonly error?: string;
  readonly cause?: string;
}

/** Picks the task to answer, or explains why there is none. */
export function pickWaitingTask(
  deploymentId: string,
  waiting: readonly WaitingTask[],
  action: OperatorAction,
  step: CallbackStep | undefined,
  currentState: string | null,
): WaitingTask {
  const wanted: CallbackStep[] = step ? [step] : action === 'rollback' ? ['standby', 'bake'] : ['approval'];
  const task = waiting.find((t) => t.step !== null && wanted.includes(t.step));
  if (task) return task;
  const what = wanted.map((s) => callbackStates[s]).join(' or ');
  const hint =
    action === 'rollback' ? ' (a manual rollback is possible during a bake or while blue is on standby)' : '';
  throw new OperatorStateError(
    `no task is waiting for ${what} in deployment ${deploymentId}; it is in state ${currentState ?? '(none)'}${hint}`,
  );
}

/** Answers the waiting task. @throws OperatorStateError when the deployment is not waiting for it. */
export async function answerTask(session: SfnSession, request: AnswerRequest): Promise<AnswerResult> {
  const execution = await describeDeployment(session, request.deploymentId);
  if (execution.status !== 'RUNNING') {
    throw new OperatorStateError(
      `deployment ${request.deploymentId} has already ended (${execution.status}); there is nothing to ${request.action}`,
    );
  }
  const view = viewHistory(await fullHistory(session, execution.executionArn ?? ''));
  const task = pickWaitingTask(
    request.deploymentId,
    view.waiting,
    request.action,
    request.step,
    view.currentState,
  );
  const at = new Date(request.nowMs).toISOString();
  const reason = request.reason?.trim() ?? '';
  const base = { deploymentId: request.deploymentId, action: request.action, state: task.stateName };
  if (task.step === 'approval' && request.action !== 'rollback') {
    return { ...base, ...(await decideAtGate(request, reason)) };
  }
  if (task.step === 'restore' && request.action !== 'rollback') {
    // The rollback's snapshot restore: one explicit decision, kept in the execution history.
    if (request.action === 'approve') {
      const output = { restoreApprovedBy: request.by, role: request.role ?? null, at, via: 'cli', reason };
      await session.sfn.send(
        new SendTaskSuccessCommand({ taskToken: task.taskToken, output: JSON.stringify(output) }),
      );
      return { ...base, sent: 'SendTaskSuccess' };
    }
    const error = ApprovalRejectedError.name;
    const cause = `snapshot restore declined by ${request.by} at ${at}${reason ? `: ${reason}` : ''}; the database keeps its current data`;
    await session.sfn.send(new SendTaskFailureCommand({ taskToken: task.taskToken, error, cause }));
    return { ...base, sent: 'SendTaskFailure', error, cause };
  }
  if (request.action === 'approve') {
    const output = { endedEarlyBy: request.by, at, via: 'cli', reason };
    await session.sfn.send(
      new SendTaskSuccessCommand({ taskToken: task.taskToken, output: JSON.stringify(output) }),
    );
    return { ...base, sent: 'SendTaskSuccess' };
  }
  const error = ManualRollbackError.name;
  const cause = `rolled back by hand by ${request.by}${request.role ? ` (${request.role})` : ''} at ${at}${reason ? `: ${reason}` : ''}`;
  await session.sfn.send(new SendTaskFailureCommand({ taskToken: task.taskToken, error, cause }));
  return { ...base, sent: 'SendTaskFailure', error, cause };
}

/** Sends an approve/reject of AwaitApproval to the gate, which answers the task when it should. */
async function decideAtGate(
  request: AnswerRequest,
  reason: string,
): Promise<Pick<AnswerResult, 'sent' | 'gate' | 'error' | 'cause'>> {
  const decision = request.action === 'reject' ? 'reject' : 'approve';
  if (!request.role) {
    throw new InvalidRequestError(
      `--role: which role do you ${decision} ${request.deploymentId} as? (e.g. --role cab; it must be one the gate requires)`,
    );
  }
  if (!request.gate) {
    throw new InvalidRequestError(`an ${decision} must go through the approval gate; none was given`);
  }
  const gate = await request.gate({
    deploymentId: request.deploymentId,
    decision,
    role: request.role,
    reason,
  });
  if (gate.status === 'rejected') {
    return { sent: 'SendTaskFailure', gate, error: ApprovalRejectedError.name, cause: gate.detail };
  }
  return { sent: gate.status === 'approved' ? 'SendTaskSuccess' : 'none', gate };
}

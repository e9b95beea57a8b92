/**
 * `greenlight approve | reject | rollback`: finds the task token of the waiting callback task
 * in the execution history and answers it with SendTaskSuccess / SendTaskFailure. IAM decides
 * who may (states:SendTaskSuccess / SendTaskFailure on the state machine).
 */
import { SendTaskFailureCommand, SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { ApprovalRejectedError, ManualRollbackError } from '../errors.ts';
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
  /** Who is acting (recorded in the task output/cause). */
  readonly by: string;
  /** The role approved as, for the record. */
  readonly role?: string;
  readonly nowMs: number;
}

export interface AnswerResult {
  readonly deploymentId: string;
  readonly action: OperatorAction;
  readonly state: string;
  readonly sent: 'SendTaskSuccess' | 'SendTaskFailure';
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
  if (request.action === 'approve') {
    const output =
      task.step === 'approval'
        ? {
            approved: true,
            approvedBy: [{ by: request.by, role: request.role ?? null, at }],
            via: 'cli',
            reason,
          }
        : { endedEarlyBy: request.by, at, via: 'cli', reason };
    await session.sfn.send(
      new SendTaskSuccessCommand({ taskToken: task.taskToken, output: JSON.stringify(output) }),
    );
    return { ...base, sent: 'SendTaskSuccess' };
  }
  const error =
    request.action === 'reject' && task.step === 'approval'
      ? ApprovalRejectedError.name
      : ManualRollbackError.name;
  const verb = error === ApprovalRejectedError.name ? 'rejected' : 'rolled back by hand';
  const cause = `${verb} by ${request.by}${request.role ? ` (${request.role})` : ''} at ${at}${reason ? `: ${reason}` : ''}`;
  await session.sfn.send(new SendTaskFailureCommand({ taskToken: task.taskToken, error, cause }));
  return { ...base, sent: 'SendTaskFailure', error, cause };
}

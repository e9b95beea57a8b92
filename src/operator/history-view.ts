/**
 * What an execution's history says, for `status`, `show` and the task-token lookup of
 * `approve`/`reject`/`rollback`. Pure: reads GetExecutionHistory events (oldest first).
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { formatDuration } from '../core/format.ts';

/** The callback steps an operator can answer, and their ASL states. */
export const callbackStates = {
  approval: 'AwaitApproval',
  bake: 'Bake',
  standby: 'Standby',
  restore: 'AwaitRestoreApproval',
} as const;
export type CallbackStep = keyof typeof callbackStates;

export interface WaitingTask {
  readonly step: CallbackStep | null;
  readonly stateName: string;
  readonly taskToken: string;
  readonly since: Date | undefined;
}

export interface StepRecord {
  readonly name: string;
  readonly enteredAt: Date | undefined;
  exitedAt: Date | undefined;
  /**
   * `passed`: a wait whose time ran out with nothing wrong (a bake, the standby: their ASL
   * catches States.Timeout and goes on). `succeeded`, `failed`, `aborted`, `timed-out` on the
   * state the execution ended in, from the execution's own end.
   */
  result: 'running' | 'ok' | 'passed' | 'failed' | 'timed-out' | 'succeeded' | 'aborted';
  detail?: string;
}

export interface HistoryView {
  /** The state entered last (still running when the execution is). */
  readonly currentState: string | null;
  readonly waiting: WaitingTask[];
  readonly steps: StepRecord[];
  /** Green's share after each ShiftWeight / Rollback, in order. */
  readonly weights: Array<{ at: Date | undefined; greenPercent: number; state: string }>;
  /** Decisions sent to callback tasks (who approved, when), as their outputs. */
  readonly decisions: Array<{
    state: string;
    at: Date | undefined;
    outcome: 'succeeded' | 'failed';
    detail: string;
  }>;
}

/**
 * The waits whose timeout is their success: the ASL's Catch on States.Timeout goes on to the
 * next step (Bake → Verify, Standby → DecommissionBlue). test/operator/history-view.test.ts
 * holds this against deploy.asl.json.
 */
export const passesWhenTimeRunsOut: Readonly<Record<string, string>> = {
  Bake: 'baked',
  Standby: 'stood by',
};

/**
 * The waits whose timeout means "look once more": AwaitBackup and AwaitGreen go to a last check
 * (BackupTimedOut, GreenTimedOut) that goes on if the work just finished, and rolls back if not.
 */
export const checkedOnceMoreWhenTimeRunsOut: Readonly<Record<string, string>> = {
  AwaitBackup: 'BackupTimedOut',
  AwaitGreen: 'GreenTimedOut',
};

const stepOf = (stateName: string): CallbackStep | null =>
  (Object.entries(callbackStates).find(([, name]) => name === stateName)?.[0] as CallbackStep | undefined) ??
  null;

function json(text: string | undefined): Record<string, unknown> | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const executionEndings: Readonly<Record<string, StepRecord['result']>> = {
  ExecutionSucceeded: 'succeeded',
  ExecutionFailed: 'failed',
  ExecutionAborted: 'aborted',
  ExecutionTimedOut: 'timed-out',
};

/**
 * How `show` names a step's result: "baked 5 min, passed", "failed (AlarmTriggeredError: …)",
 * "succeeded". Pure.
 */
export function describeStepResult(step: StepRecord): string {
  if (step.result === 'passed') {
    const seconds = secondsIn(step);
    const verb = passesWhenTimeRunsOut[step.name] ?? 'waited';
    return seconds === undefined ? `${verb}, passed` : `${verb} ${formatDuration(seconds)}, passed`;
  }
  if (step.result === 'timed-out' && step.name in checkedOnceMoreWhenTimeRunsOut) {
    const seconds = secondsIn(step);
    const waited = seconds === undefined ? 'waited' : `waited ${formatDuration(seconds)}`;
    return `${waited}, its limit; ${checkedOnceMoreWhenTimeRunsOut[step.name]} looked once more`;
  }
  return step.detail ? `${step.result} (${step.detail})` : step.result;
}

/** How long a step ran, in seconds; undefined while it runs. */
const secondsIn = (step: StepRecord): number | undefined =>
  step.enteredAt && step.exitedAt ? (step.exitedAt.getTime() - step.enteredAt.getTime()) / 1000 : undefined;

/** Folds the events (oldest first) into a view. */
export function viewHistory(events: readonly HistoryEvent[]): HistoryView {
  const steps: StepRecord[] = [];
  const weights: HistoryView['weights'] = [];
  const decisions: HistoryView['decisions'] = [];
  const open = new Map<string, WaitingTask>();
  let current: StepRecord | null = null;
  for (const event of events) {
    const type = event.type ?? '';
    if (type.endsWith('StateEntered')) {
      current = {
        name: event.stateEnteredEventDetails?.name ?? '?',
        enteredAt: event.timestamp,
        exitedAt: undefined,
        result: 'running',
      };
      steps.push(current);
    } else if (type.endsWith('StateExited')) {
      const name = event.stateExitedEventDetails?.name ?? '';
      const step = [...steps].reverse().find((s) => s.name === name && s.exitedAt === undefined);
      if (step) {
        step.exitedAt = event.timestamp;
        if (step.result === 'running') step.result = 'ok';
      }
      open.delete(name);
      const output = json(event.stateExitedEventDetails?.output);
      const traffic = output?.traffic as { weightPercent?: unknown } | undefined;
      const rollback = output?.rollback as { weights?: { green?: unknown } } | undefined;
      if (name === 'ShiftWeight' && typeof traffic?.weightPercent === 'number') {
        weights.push({ at: event.timestamp, greenPercent: traffic.weightPercent, state: name });
      } else if (name === 'Rollback' && rollback?.weights) {
        const target = output?.deployment as { targetColour?: string } | undefined;
        const w = rollback.weights as Record<string, unknown>;
        const green = Number(w[target?.targetColour ?? 'green'] ?? 0);
        weights.push({ at: event.timestamp, greenPercent: green, state: name });
      }
    } else if (type === 'TaskScheduled' && current) {
      const details = event.taskScheduledEventDetails;
      if (details?.resource?.endsWith('waitForTaskToken')) {
        const token = (json(details.parameters)?.Payload as { taskToken?: unknown } | undefined)?.taskToken;
        if (typeof token === 'string') {
          open.set(current.name, {
            step: stepOf(current.name),
            stateName: current.name,
            taskToken: token,
            since: event.timestamp,
          });
        }
      }
    } else if ((type === 'TaskSucceeded' || type === 'TaskFailed' || type === 'TaskTimedOut') && current) {
      const name = current.name;
      const waited = open.has(name);
      open.delete(name);
      if (type === 'TaskFailed' || type === 'TaskTimedOut') {
        const d = event.taskFailedEventDetails ?? event.taskTimedOutEventDetails;
        current.result =
          type === 'TaskFailed' ? 'failed' : name in passesWhenTimeRunsOut ? 'passed' : 'timed-out';
        current.detail = [d?.error, d?.cause].filter(Boolean).join(': ');
        if (current.result === 'passed') current.detail = undefined;
        else if (waited)
          decisions.push({ state: name, at: event.timestamp, outcome: 'failed', detail: current.detail });
      } else if (waited) {
        decisions.push({
          state: name,
          at: event.timestamp,
          outcome: 'succeeded',
          detail: event.taskSucceededEventDetails?.output ?? '',
        });
      }
    } else if (
      type.startsWith('Execution') &&
      (current?.result === 'running' || (current?.result === 'ok' && type === 'ExecutionSucceeded'))
    ) {
      // The state the execution ended in: a Fail state has no exit of its own, a Succeed state's says only "ok".
      const ended = executionEndings[type];
      if (ended) {
        current.result = ended;
        current.exitedAt ??= event.timestamp;
        const failure =
          event.executionFailedEventDetails ??
          event.executionTimedOutEventDetails ??
          event.executionAbortedEventDetails;
        const detail = [failure?.error, failure?.cause].filter(Boolean).join(': ');
        if (detail) current.detail = detail;
      }
    }
  }
  return { currentState: current?.name ?? null, waiting: [...open.values()], steps, weights, decisions };
}

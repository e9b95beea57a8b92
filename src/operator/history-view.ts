/**
 * What an execution's history says, for `status`, `show` and the task-token lookup of
 * `approve`/`reject`/`rollback`. Pure: reads GetExecutionHistory events (oldest first).
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';

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
  result: 'running' | 'ok' | 'failed' | 'timed-out';
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
        current.result = type === 'TaskFailed' ? 'failed' : 'timed-out';
        current.detail = [d?.error, d?.cause].filter(Boolean).join(': ');
        if (waited)
          decisions.push({ state: name, at: event.timestamp, outcome: 'failed', detail: current.detail });
      } else if (waited) {
        decisions.push({
          state: name,
          at: event.timestamp,
          outcome: 'succeeded',
          detail: event.taskSucceededEventDetails?.output ?? '',
        });
      }
    }
  }
  return { currentState: current?.name ?? null, waiting: [...open.values()], steps, weights, decisions };
}

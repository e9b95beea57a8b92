import { approvalReminder } from '../../functions/approval-reminder/handler.ts';
import { earlyVerdictEverySeconds, earlyVerdictStep } from '../../functions/early-verdict/handler.ts';
import { waitRelay, waitRelaySweepEverySeconds } from '../../functions/wait-relay/handler.ts';
import { reminderRunEverySeconds } from '../approvals/reminder-schedule.ts';
import type { BoundStep } from '../handlers/define-step.ts';

/** A function EventBridge Scheduler runs, not a workflow step: `functions/<name>` every `everySeconds`. */
export interface ScheduledFunction {
  readonly step: BoundStep<unknown>;
  readonly everySeconds: number;
  /** What the schedule is for, in the schedule's description. */
  readonly purpose: string;
}

/**
 * The scheduled functions, in one place: the CDK construct creates a schedule for each, and the
 * local world runs each on its clock. Neither adds state transitions to a deployment.
 */
export const scheduledFunctions: readonly ScheduledFunction[] = [
  {
    step: approvalReminder,
    everySeconds: reminderRunEverySeconds,
    purpose: 'heartbeat waiting approval gates and remind their approvers',
  },
  {
    step: earlyVerdictStep,
    everySeconds: earlyVerdictEverySeconds,
    purpose: 'judge baking releases early and roll back the bad ones',
  },
  {
    step: waitRelay,
    everySeconds: waitRelaySweepEverySeconds,
    purpose: 'complete backup and rollout waits whose RDS or ECS event was lost',
  },
];

/** The `rate(...)` expression of a schedule (EventBridge Scheduler: whole minutes). */
export const rateExpression = (everySeconds: number): string => {
  const minutes = everySeconds / 60;
  if (!Number.isInteger(minutes) || minutes < 1) {
    throw new Error(`a schedule runs every whole number of minutes; ${everySeconds} s is not`);
  }
  return `rate(${minutes} ${minutes === 1 ? 'minute' : 'minutes'})`;
};

/**
 * Whether a waiting approval gate's approvers get a reminder now. Pure: `nowMs` is passed in,
 * and the gate is the fold of its audit trail (`gateRecordFrom`), so a reminder already sent
 * (an `approval.reminded` event) is never sent twice, whichever run or retry looks again.
 */
import { normaliseIdentity } from './approval-link.ts';
import { describeRequirements, tallyApprovals } from './approval-tally.ts';
import type { GateRecord } from './gate-record.ts';

export interface ReminderInput {
  readonly nowMs: number;
  readonly gate: GateRecord;
  /** `config.approvalGate.reminderEverySeconds`, as frozen at Preflight. */
  readonly reminderEverySeconds: number;
  /** The gate's timeout: no reminder once it has passed (the task is ending on its own). */
  readonly timeoutSeconds: number;
}

export type ReminderDecision =
  | {
      readonly action: 'remind';
      /** The roles still short of approvers, with how many more each needs. */
      readonly missing: ReadonlyArray<{ readonly role: string; readonly needed: number }>;
      /** Everyone who has approved already (normalised): they are not reminded. */
      readonly alreadyApproved: readonly string[];
      /** Seconds left before the gate times out: the reminder's links expire with it. */
      readonly remainingSeconds: number;
      readonly reason: string;
    }
  | { readonly action: 'wait'; readonly nextAtMs: number; readonly reason: string }
  | { readonly action: 'none'; readonly reason: string };

const minutes = (ms: number): string => `${Math.round(ms / 60_000)} min`;

/**
 * Remind when the gate is still open, something is still missing, and `reminderEverySeconds`
 * have passed since the approvers were last notified (the request or the previous reminder).
 *
 * @example
 * // requested at 0, reminders every 4 h, 2 × cab needed, ana approved; now = 4 h
 * decideReminder({ nowMs: 14_400_000, gate, reminderEverySeconds: 14_400, timeoutSeconds: 86_400 })
 * // → remind: missing [{ role: 'cab', needed: 1 }], alreadyApproved ['ana@x'], remainingSeconds 72_000
 */
export function decideReminder(input: ReminderInput): ReminderDecision {
  const { gate, nowMs } = input;
  if (gate.requirements === null || gate.requestedAtMs === null) {
    return { action: 'none', reason: 'no approval was requested' };
  }
  if (gate.rejection) return { action: 'none', reason: `rejected by ${gate.rejection.by}` };
  if (gate.completed) return { action: 'none', reason: 'the gate was approved' };
  const tally = tallyApprovals(gate.requirements, gate.grants);
  if (tally.complete) return { action: 'none', reason: 'every approval is in; the gate is opening' };

  const deadlineMs = gate.requestedAtMs + input.timeoutSeconds * 1000;
  if (nowMs >= deadlineMs) return { action: 'none', reason: 'the gate has timed out' };

  const lastMs = gate.lastNotifiedAtMs ?? gate.requestedAtMs;
  const dueAtMs = lastMs + input.reminderEverySeconds * 1000;
  const still = describeRequirements(tally.missing.map((m) => ({ role: m.role, count: m.needed })));
  if (nowMs < dueAtMs) {
    return {
      action: 'wait',
      nextAtMs: dueAtMs,
      reason: `last notified ${minutes(nowMs - lastMs)} ago; next reminder in ${minutes(dueAtMs - nowMs)} (still needed: ${still})`,
    };
  }
  return {
    action: 'remind',
    missing: tally.missing,
    alreadyApproved: [...new Set(gate.grants.map((g) => normaliseIdentity(g.by)))],
    remainingSeconds: Math.max(1, Math.floor((deadlineMs - nowMs) / 1000)),
    reason: `no decision ${minutes(nowMs - gate.requestedAtMs)} after the request (last notified ${minutes(nowMs - lastMs)} ago); still needed: ${still}`,
  };
}

/**
 * The approval reminder, one run: what EventBridge Scheduler invokes every
 * `reminderRunEverySeconds` on AWS and the world clock runs locally. For every deployment
 * waiting at AwaitApproval it
 * 1. sends SendTaskHeartbeat on the gate's token, so the gate's `HeartbeatSeconds` proves the
 *    reminder is alive (a lost heartbeat fails the gate closed, as a rejection), and renews
 *    the deployment's lease on its lock for as long as the gate is alive; then
 * 2. re-sends the approval request to those who have not approved yet, when `decideReminder`
 *    says one is due.
 * Heartbeats go first and each stands alone: no notification, audit or store failure of one
 * gate can keep another gate's heartbeat from being sent.
 */
import type { Clock } from '../ports/clock.ts';
import type { Notifier } from '../ports/notifier.ts';
import { type DeploymentRecord, lockKeyFor, type Store } from '../ports/store.ts';
import type { CallbackOutcome } from '../ports/workflow-callbacks.ts';
import { type DeployState, deployStateSchema } from '../schema/deploy-state.ts';
import { buildApprovalRequests, type LinkSettings } from './approval-request.ts';
import { approvalEvents, gateRecordFrom } from './gate-record.ts';
import { decideReminder } from './reminder-decision.ts';

/**
 * The deployment-record field the approval step keeps its state in, so a reminder can render
 * the same request later from the table alone.
 */
export const approvalStateField = 'approvalState';

/** The state kept by the approval step, or null when the record has none (or an unreadable one). */
export function approvalStateOf(record: DeploymentRecord): DeployState | null {
  const parsed = deployStateSchema.safeParse(record[approvalStateField]);
  return parsed.success ? parsed.data : null;
}

export interface ApprovalReminderDeps {
  readonly store: Pick<Store, 'listDeployments' | 'getCallback' | 'listAudit' | 'appendAudit' | 'renewLock'>;
  /** SendTaskHeartbeat only: the reminder keeps gates alive and never decides one. */
  readonly heartbeat: (taskToken: string) => Promise<CallbackOutcome>;
  readonly notifier: Notifier;
  readonly clock: Clock;
  /** The signed-link settings, as the approval step gets them. */
  readonly links: () => Promise<LinkSettings | null>;
  readonly newNonce: () => string;
  readonly log?: (message: string, detail: Record<string, unknown>) => void;
}

export interface HeartbeatResult {
  readonly deploymentId: string;
  /** `expired`: the gate ended (decided or timed out) since the token was stored. */
  readonly outcome: CallbackOutcome | 'failed';
  readonly error?: string;
}

export interface ReminderResult {
  readonly deploymentId: string;
  readonly action: 'remind' | 'wait' | 'none' | 'failed';
  readonly reason: string;
  readonly notified?: number;
  readonly failedRoles?: readonly string[];
}

export interface ApprovalReminderReport {
  readonly heartbeats: readonly HeartbeatResult[];
  readonly reminders: readonly ReminderResult[];
}

/**
 * Runs once over every running deployment with an approval token.
 * @throws AggregateError after all the work is done, when a heartbeat could not be sent (not
 *   `expired`): left alone, that gate fails as a rejection after `approvalHeartbeatSeconds`.
 */
export async function remindApprovals(deps: ApprovalReminderDeps): Promise<ApprovalReminderReport> {
  const log = deps.log ?? (() => undefined);
  const running = (await deps.store.listDeployments({})).filter((d) => d.status === 'running');
  const gates: { record: DeploymentRecord; taskToken: string }[] = [];
  for (const record of running) {
    const taskToken = await deps.store.getCallback(record.deploymentId, 'approval');
    if (taskToken) gates.push({ record, taskToken });
  }

  const heartbeats: HeartbeatResult[] = [];
  const errors: Error[] = [];
  for (const { record, taskToken } of gates) {
    try {
      heartbeats.push({ deploymentId: record.deploymentId, outcome: await deps.heartbeat(taskToken) });
    } catch (error) {
      const err = error as Error;
      errors.push(err);
      heartbeats.push({ deploymentId: record.deploymentId, outcome: 'failed', error: err.message });
      log('approval heartbeat not sent', { deploymentId: record.deploymentId, error: err.message });
    }
  }

  const reminders: ReminderResult[] = [];
  for (const { record } of gates) {
    const beat = heartbeats.find((h) => h.deploymentId === record.deploymentId);
    if (beat?.outcome !== 'delivered') continue; // the gate is no longer waiting (or unreachable)
    try {
      // A gate may wait for days: its heartbeat keeps the deployment's lease too (src/core/lease.ts).
      await deps.store.renewLock(
        lockKeyFor(record.service, record.environment),
        record.deploymentId,
        deps.clock.nowMs(),
      );
    } catch (error) {
      log('lease not renewed', { deploymentId: record.deploymentId, error: (error as Error).message });
    }
    try {
      reminders.push(await remindOne(deps, record));
    } catch (error) {
      const reason = (error as Error).message;
      reminders.push({ deploymentId: record.deploymentId, action: 'failed', reason });
      log('approval reminder failed', { deploymentId: record.deploymentId, error: reason });
    }
  }

  if (errors.length > 0) {
    const failed = heartbeats.filter((h) => h.outcome === 'failed').map((h) => h.deploymentId);
    throw new AggregateError(
      errors,
      `SendTaskHeartbeat failed for ${failed.join(', ')}: ${errors.map((e) => e.message).join('; ')}. ` +
        'Each such gate fails as a rejection once it misses its heartbeat; check the function role may call states:SendTaskHeartbeat on the deploy state machine',
    );
  }
  return { heartbeats, reminders };
}

/** Decides for one waiting gate and, when due, sends and records the reminder. */
async function remindOne(deps: ApprovalReminderDeps, record: DeploymentRecord): Promise<ReminderResult> {
  const { deploymentId } = record;
  const state = approvalStateOf(record);
  if (!state) {
    return {
      deploymentId,
      action: 'none',
      reason: 'the deployment record keeps no approval state to render',
    };
  }
  const nowMs = deps.clock.nowMs();
  const gate = gateRecordFrom(await deps.store.listAudit(deploymentId));
  const decision = decideReminder({
    nowMs,
    gate,
    reminderEverySeconds: state.config.approvalGate.reminderEverySeconds,
    timeoutSeconds: state.approval.timeoutSeconds,
  });
  if (decision.action !== 'remind') return { deploymentId, action: decision.action, reason: decision.reason };

  const requests = buildApprovalRequests({
    state,
    requirements: decision.missing.map((m) => ({ role: m.role, count: m.needed })),
    nowMs,
    timeoutSeconds: decision.remainingSeconds,
    links: await deps.links(),
    newNonce: deps.newNonce,
    reminder: { reason: decision.reason, alreadyApproved: decision.alreadyApproved },
  });
  const failedRoles: string[] = [];
  for (const request of requests) {
    try {
      await deps.notifier.send(request);
    } catch (error) {
      failedRoles.push(request.fields.Role ?? request.subject);
      deps.log?.('approval reminder not sent', {
        deploymentId,
        subject: request.subject,
        error: String(error),
      });
    }
  }
  // Recorded even when a send failed: the next reminder comes one interval later, never every run.
  await deps.store.appendAudit(deploymentId, {
    atMs: nowMs,
    type: approvalEvents.reminded,
    detail: {
      roles: decision.missing.map((m) => m.role),
      alreadyApproved: decision.alreadyApproved,
      reason: decision.reason,
      ...(failedRoles.length > 0 && { failedRoles }),
    },
  });
  return {
    deploymentId,
    action: 'remind',
    reason: decision.reason,
    notified: requests.length - failedRoles.length,
    ...(failedRoles.length > 0 && { failedRoles }),
  };
}

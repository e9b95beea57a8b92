/**
 * The approval reminder, one run: what EventBridge Scheduler invokes every
 * `reminderRunEverySeconds` on AWS and the world clock runs locally. For every deployment
 * waiting at AwaitApproval it
 * 1. sends SendTaskHeartbeat on the gate's token, so the gate's `HeartbeatSeconds` proves the
 *    reminder is alive (a lost heartbeat fails the gate closed, as a rejection), and renews
 *    the deployment's lease on its lock for as long as the gate is alive; then
 * 2. re-sends the approval request to those who have not approved yet, when `decideReminder`
 *    says one is due.
 * 3. pages once about each approval after the fact that is overdue or was rejected
 *    (src/approvals/after-the-fact.ts).
 * Heartbeats go first and each stands alone: no notification, audit or store failure of one
 * gate can keep another gate's heartbeat from being sent.
 */

import { renderNotification } from '../notifications/templates.ts';
import type { Clock } from '../ports/clock.ts';
import type { Notifier } from '../ports/notifier.ts';
import { type DeploymentRecord, lockKeyFor, type Store } from '../ports/store.ts';
import type { CallbackOutcome } from '../ports/workflow-callbacks.ts';
import { type DeployState, deployStateField, deployStateSchema } from '../schema/deploy-state.ts';
import {
  type AfterTheFactPage,
  afterTheFactEvents,
  afterTheFactField,
  afterTheFactRecordFrom,
  pageDecision,
} from './after-the-fact.ts';
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
  readonly store: Pick<
    Store,
    'listDeployments' | 'getCallback' | 'listAudit' | 'appendAudit' | 'renewLock' | 'updateDeployment'
  >;
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
  /** The pages about approvals after the fact: overdue, or rejected. */
  readonly afterTheFact: readonly { deploymentId: string; page: AfterTheFactPage; reason: string }[];
}

/**
 * Runs once over every running deployment with an approval token.
 * @throws AggregateError after all the work is done, when a heartbeat could not be sent (not
 *   `expired`): left alone, that gate fails as a rejection after `approvalHeartbeatSeconds`.
 */
export async function remindApprovals(deps: ApprovalReminderDeps): Promise<ApprovalReminderReport> {
  const log = deps.log ?? (() => undefined);
  const records = await deps.store.listDeployments({});
  const running = records.filter((d) => d.status === 'running');
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

  const afterTheFact = await pageAfterTheFact(deps, records);

  if (errors.length > 0) {
    const failed = heartbeats.filter((h) => h.outcome === 'failed').map((h) => h.deploymentId);
    throw new AggregateError(
      errors,
      `SendTaskHeartbeat failed for ${failed.join(', ')}: ${errors.map((e) => e.message).join('; ')}. ` +
        'Each such gate fails as a rejection once it misses its heartbeat; check the function role may call states:SendTaskHeartbeat on the deploy state machine',
    );
  }
  return { heartbeats, reminders, afterTheFact };
}

/**
 * Pages once about each deployment whose approvals after the fact are overdue, or were
 * rejected, and records it. Only records still open are read in full; a page that fails to
 * send is logged and tried again on the next run (nothing is recorded for it).
 */
async function pageAfterTheFact(
  deps: ApprovalReminderDeps,
  records: readonly DeploymentRecord[],
): Promise<ApprovalReminderReport['afterTheFact']> {
  const nowMs = deps.clock.nowMs();
  const pages: { deploymentId: string; page: AfterTheFactPage; reason: string }[] = [];
  for (const record of records) {
    const open = record[afterTheFactField] as { dueAtMs?: number; closedAtMs?: number } | undefined;
    if (!open || open.closedAtMs !== undefined) continue;
    try {
      const decision = pageDecision(
        afterTheFactRecordFrom(await deps.store.listAudit(record.deploymentId)),
        nowMs,
      );
      if (decision.page === null) continue;
      const state = deployStateSchema.safeParse(record[deployStateField]);
      if (!state.success) continue;
      const template = decision.page === 'overdue' ? 'after-the-fact-overdue' : 'after-the-fact-rejected';
      await deps.notifier.send(renderNotification(template, state.data, { nowMs, why: decision.reason }));
      await deps.store.appendAudit(record.deploymentId, {
        atMs: nowMs,
        type: afterTheFactEvents.paged,
        detail: { why: decision.page, reason: decision.reason },
      });
      // A rejection ends it; an overdue one stays open for the approvals still to come.
      if (decision.page === 'rejected') {
        await deps.store.updateDeployment(record.deploymentId, {
          [afterTheFactField]: { ...open, closedAtMs: nowMs },
        });
      }
      pages.push({ deploymentId: record.deploymentId, page: decision.page, reason: decision.reason });
    } catch (error) {
      deps.log?.('after-the-fact page not sent', { deploymentId: record.deploymentId, error: String(error) });
    }
  }
  return pages;
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

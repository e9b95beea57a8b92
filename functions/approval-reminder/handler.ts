import * as z from 'zod';
import { newNonce } from '../../src/approvals/approval-link.ts';
import { remindApprovals } from '../../src/approvals/approval-reminder.ts';
import type { LinkSettings } from '../../src/approvals/approval-request.ts';
import { approvalSettingsFromEnv } from '../../src/approvals/approval-settings.ts';
import { defineStep } from '../../src/handlers/define-step.ts';

/** The scheduled event: EventBridge Scheduler sends `{ "environment": "<env>" }`; nothing in it is needed. */
export const approvalReminderInputSchema = z.object({ environment: z.string().min(1).optional() }).loose();

/**
 * The approval reminder (EventBridge Scheduler, every `reminderRunEverySeconds`): heartbeats
 * every waiting approval gate, then reminds the approvers who have not answered when
 * `approvalGate.reminderEverySeconds` has passed (see src/approvals/approval-reminder.ts).
 * Not a workflow step: if it stops running, AwaitApproval's heartbeat times out and the gate
 * fails closed, as a rejection naming this function.
 */
export function approvalReminderStep(links: () => Promise<LinkSettings | null>) {
  return defineStep({
    name: 'approval-reminder',
    input: approvalReminderInputSchema,
    run: async (_input, { ports, logger }) => {
      const report = await remindApprovals({
        store: ports.store,
        clock: ports.clock,
        notifier: ports.notifier,
        heartbeat: (taskToken) => ports.callbacks.heartbeat(taskToken),
        links,
        newNonce,
        log: (message, detail) => logger.warn(message, detail),
      });
      logger.info('approval reminder done', {
        gates: report.heartbeats.length,
        reminded: report.reminders.filter((r) => r.action === 'remind').map((r) => r.deploymentId),
      });
      return report;
    },
  });
}

/** The reminder with links from the environment, like the approval step. */
export const approvalReminder = approvalReminderStep(() => approvalSettingsFromEnv());

import { newNonce } from '../../src/approvals/approval-link.ts';
import { approvalStateField } from '../../src/approvals/approval-reminder.ts';
import type { LinkSettings } from '../../src/approvals/approval-request.ts';
import { buildApprovalRequests, requirementsOf } from '../../src/approvals/approval-request.ts';
import { approvalSettingsFromEnv } from '../../src/approvals/approval-settings.ts';
import { approvalEvents } from '../../src/approvals/gate-record.ts';
import { audit } from '../../src/handlers/audit.ts';
import { defineStep } from '../../src/handlers/define-step.ts';
import { callbackStepInputSchema } from '../../src/schema/deploy-state.ts';

/**
 * Builds the approval gate step (a `.waitForTaskToken` task): it remembers the token so
 * `greenlight approve` or a signed link can complete it, records the request (with the
 * structured requirements the gate counts against), and sends one approval-needed
 * notification per required role. The workflow waits in Step Functions, not in this Lambda;
 * the approval reminder (functions/approval-reminder) heartbeats the task while it waits and
 * re-sends the request from the state kept on the deployment record.
 *
 * A notification that fails to send is logged and recorded, never thrown: the token is
 * stored and the CLI path still works, and a retry would re-send links already mailed.
 */
export function approvalStep(links: () => Promise<LinkSettings | null>) {
  return defineStep({
    name: 'approval',
    input: callbackStepInputSchema,
    run: async ({ taskToken, timeoutSeconds, state }, { ports, logger }) => {
      const { deployment } = state;
      const requirements = requirementsOf(state);
      await ports.store.putCallback(deployment.id, 'approval', taskToken);
      await ports.store.updateDeployment(deployment.id, { [approvalStateField]: state });
      const settings = await links();
      await audit(ports, deployment.id, approvalEvents.requested, {
        required: state.approval.summary,
        requirements,
        timeoutSeconds,
        links: settings ? 'signed' : 'none',
      });
      const requests = buildApprovalRequests({
        state,
        requirements,
        nowMs: ports.clock.nowMs(),
        timeoutSeconds,
        links: settings,
        newNonce,
      });
      const failed: string[] = [];
      for (const request of requests) {
        try {
          await ports.notifier.send(request);
        } catch (error) {
          logger.warn('approval notification not sent', { subject: request.subject, error: error as Error });
          failed.push(request.fields.Role ?? request.subject);
        }
      }
      if (failed.length > 0) {
        await audit(ports, deployment.id, 'notification.failed', {
          template: 'approval-needed',
          roles: failed,
        });
      }
      return { waitingFor: state.approval.summary, notified: requests.length - failed.length };
    },
  });
}

/** The approval step with links from the environment (see `approvalSettingsFromEnv`). */
export const approval = approvalStep(() => approvalSettingsFromEnv());

import { z } from 'zod';
import { audit } from '../../src/handlers/audit.ts';
import { defineStep } from '../../src/handlers/define-step.ts';
import { renderNotification, templateNames } from '../../src/notifications/templates.ts';
import { deployStateSchema } from '../../src/schema/deploy-state.ts';

const inputSchema = z.object({ template: z.enum(templateNames), state: deployStateSchema });

/**
 * Notify: renders a template from the deployment state and sends it. The ASL retries a failed
 * send and then moves on, so a notifier outage never blocks a rollback; each failed attempt is
 * recorded in the audit trail, so a page that never arrived is never a silent loss.
 */
export const notify = defineStep({
  name: 'notify',
  input: inputSchema,
  run: async ({ template, state }, { ports }) => {
    const notification = renderNotification(template, state, { nowMs: ports.clock.nowMs() });
    try {
      await ports.notifier.send(notification);
    } catch (error) {
      await audit(ports, state.deployment.id, 'notification.failed', {
        template,
        severity: notification.severity,
        subject: notification.subject,
        error: error instanceof Error ? error.message : String(error),
      }).catch(() => undefined); // the store may be down too; the send's own error is the one to raise
      throw error;
    }
    await audit(ports, state.deployment.id, 'notification.sent', { template, subject: notification.subject });
    return { sent: notification.subject };
  },
});

import * as z from 'zod';
import { defineStep } from '../../src/handlers/define-step.ts';
import { sendAudited } from '../../src/handlers/send-audited.ts';
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
    await sendAudited(ports, state.deployment.id, template, notification);
    return { sent: notification.subject };
  },
});

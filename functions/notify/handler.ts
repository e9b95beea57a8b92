import { z } from 'zod';
import { defineStep } from '../../src/handlers/define-step.ts';
import { renderNotification, templateNames } from '../../src/notifications/templates.ts';
import { deployStateSchema } from '../../src/schema/deploy-state.ts';

const inputSchema = z.object({ template: z.enum(templateNames), state: deployStateSchema });

/** Notify: renders a template from the deployment state and sends it. The ASL never lets a failure here block anything. */
export const notify = defineStep({
  name: 'notify',
  input: inputSchema,
  run: async ({ template, state }, { ports }) => {
    const notification = renderNotification(template, state, { nowMs: ports.clock.nowMs() });
    await ports.notifier.send(notification);
    return { sent: notification.subject };
  },
});

import { audit } from '../../src/handlers/audit.ts';
import { defineStep } from '../../src/handlers/define-step.ts';
import { renderNotification } from '../../src/notifications/templates.ts';
import { callbackStepInputSchema } from '../../src/schema/deploy-state.ts';

/**
 * Approval gate (a `.waitForTaskToken` task): remembers the token so `greenlight approve` or a
 * signed link can complete it, and asks the approvers. The workflow waits in Step Functions,
 * not in this Lambda.
 */
export const approval = defineStep({
  name: 'approval',
  input: callbackStepInputSchema,
  run: async ({ taskToken, timeoutSeconds, state }, { ports }) => {
    const { deployment } = state;
    await ports.store.putCallback(deployment.id, 'approval', taskToken);
    await audit(ports, deployment.id, 'approval.requested', {
      required: state.approval.summary,
      timeoutSeconds,
    });
    await ports.notifier.send(renderNotification('approval-needed', state, { nowMs: ports.clock.nowMs() }));
    return { waitingFor: state.approval.summary };
  },
});

import { audit } from '../../src/handlers/audit.ts';
import { defineStep } from '../../src/handlers/define-step.ts';
import { callbackStepInputSchema } from '../../src/schema/deploy-state.ts';
import { type Judging, judgingField } from '../../src/schema/judging.ts';

/**
 * Standby (a `.waitForTaskToken` task whose timeout is the standby time): the old colour stays
 * hot. `greenlight rollback`, or an alarm on the new live colour, fails this task and the
 * workflow rolls back at once; success ends standby early.
 */
export const standby = defineStep({
  name: 'standby',
  input: callbackStepInputSchema,
  run: async ({ taskToken, timeoutSeconds, state }, { ports }) => {
    const { deployment, traffic } = state;
    await ports.store.putCallback(deployment.id, 'standby', taskToken);
    const judging: Judging = {
      during: 'standby',
      sinceMs: ports.clock.nowMs(),
      ...(traffic.trafficSinceMs === undefined ? {} : { trafficSinceMs: traffic.trafficSinceMs }),
    };
    await ports.store.updateDeployment(deployment.id, { [judgingField]: judging });
    await audit(ports, deployment.id, 'standby.started', {
      hotColour: deployment.liveColour,
      standbySeconds: timeoutSeconds,
    });
    return { hotColour: deployment.liveColour };
  },
});

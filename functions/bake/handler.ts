import { alarmsOnTraffic } from '../../src/core/alarm-timing.ts';
import { audit } from '../../src/handlers/audit.ts';
import { defineStep } from '../../src/handlers/define-step.ts';
import { describeFiring } from '../../src/handlers/describe-firing.ts';
import { callbackStepInputSchema } from '../../src/schema/deploy-state.ts';
import { type Judging, judgingField } from '../../src/schema/judging.ts';

/**
 * Bake (a `.waitForTaskToken` task whose timeout is the bake time): stores the token where the
 * alarm relay will look for it. If an alarm already fires, the bake is failed at once, so an
 * alarm raised between ShiftWeight and here is never missed (one that measured only green's
 * warm-up, before its first traffic, is not green's to answer for: src/core/alarm-timing.ts).
 */
export const bake = defineStep({
  name: 'bake',
  input: callbackStepInputSchema,
  run: async ({ taskToken, timeoutSeconds, state }, { ports }) => {
    const { deployment, binding, traffic } = state;
    await ports.store.putCallback(deployment.id, 'bake', taskToken);
    const judging: Judging = {
      during: 'bake',
      sinceMs: traffic.bakeStartedAtMs,
      ...(traffic.trafficSinceMs === undefined ? {} : { trafficSinceMs: traffic.trafficSinceMs }),
    };
    await ports.store.updateDeployment(deployment.id, { [judgingField]: judging });
    await audit(ports, deployment.id, 'bake.started', {
      weightPercent: traffic.weightPercent,
      bakeSeconds: timeoutSeconds,
      ...((traffic.holds ?? 0) > 0 && { hold: traffic.holds }),
    });
    const firing = alarmsOnTraffic(
      await ports.alarms.firing(binding, deployment.targetColour),
      traffic.trafficSinceMs,
    );
    if (firing.length > 0) {
      await ports.callbacks.fail(taskToken, 'AlarmTriggeredError', describeFiring(firing));
      return { aborted: true };
    }
    return { aborted: false };
  },
});

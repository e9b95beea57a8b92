import { GreenUnhealthyError, WeightMismatchError } from '../../src/errors.ts';
import { audit } from '../../src/handlers/audit.ts';
import { awaitWork, lastCheck } from '../../src/handlers/awaited-work.ts';
import { defineStep } from '../../src/handlers/define-step.ts';
import { awaitingStepInputSchema } from '../../src/schema/deploy-state.ts';

/**
 * DeployGreen, in three phases: `start` rolls the new version out on the idle colour at the live
 * colour's size and points the test listener at it; `await` (AwaitGreen, a `.waitForTaskToken`
 * task) keeps the token and checks once, and the wait relay completes it when ECS says the
 * rollout is done or has failed (src/handlers/awaited-work.ts); `timed-out` is the last check
 * once `config.deployGreen.maxWaitSeconds` has passed.
 */
export const deployGreen = defineStep({
  name: 'deploy-green',
  input: awaitingStepInputSchema,
  lease: 'fence',
  run: async (input, { ports }) => {
    const { state } = input;
    const { deployment, binding, config } = state;
    const colour = deployment.targetColour;
    if (input.phase === 'start') {
      await ports.compute.deploy(binding, colour, {
        image: deployment.image,
        version: deployment.version,
        desiredCount: deployment.desiredCount,
      });
      // The smoke tests and the trial reach the new release through the test listener, which
      // must therefore follow the colour being deployed (read back, as the weights are).
      await ports.router.pointTestListener(binding, colour);
      const testListener = await ports.router.testListenerColour(binding);
      if (testListener !== null && testListener !== colour) {
        throw new WeightMismatchError(
          `the test listener ${binding.testListenerArn} still forwards to ${testListener} after pointing it at ${colour}`,
        );
      }
      await audit(ports, deployment.id, 'green.deploying', { colour, version: deployment.version });
      return { stable: false, detail: 'rollout started' };
    }

    if (input.phase === 'await') return awaitWork(ports, 'rollout', state, input.taskToken);
    return lastCheck(
      ports,
      'rollout',
      state,
      (detail) =>
        new GreenUnhealthyError(
          `${detail}: it never became stable within the ${config.deployGreen.maxWaitSeconds} s limit (deployGreen.maxWaitSeconds)`,
        ),
    );
  },
});

import { decidePoll } from '../../src/core/polling.ts';
import { GreenUnhealthyError, WeightMismatchError } from '../../src/errors.ts';
import { audit } from '../../src/handlers/audit.ts';
import { defineStep } from '../../src/handlers/define-step.ts';
import { pollingStepInputSchema } from '../../src/schema/deploy-state.ts';

/**
 * DeployGreen: `start` rolls the new version out on the idle colour at the live colour's size
 * and points the test listener at it;
 * `poll` checks for steady state until `config.deployGreen.maxWaitSeconds`.
 */
export const deployGreen = defineStep({
  name: 'deploy-green',
  input: pollingStepInputSchema,
  lease: 'fence',
  run: async ({ phase, state }, { ports }) => {
    const { deployment, binding, config } = state;
    const colour = deployment.targetColour;
    if (phase === 'start') {
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
      return {
        stable: false,
        attempts: 0,
        waitSeconds: config.deployGreen.pollSeconds,
        detail: 'rollout started',
      };
    }
    const status = await ports.compute.status(binding, colour);
    const attempts = (state.green?.attempts ?? 0) + 1;
    if (status.failed) {
      throw new GreenUnhealthyError(`${colour} (${deployment.version}) failed to roll out: ${status.detail}`);
    }
    if (status.stable && status.version === deployment.version) {
      await audit(ports, deployment.id, 'green.stable', { colour, running: status.runningCount });
      return { stable: true, attempts, waitSeconds: 0, detail: status.detail };
    }
    const poll = decidePoll({
      attempts,
      pollSeconds: config.deployGreen.pollSeconds,
      maxWaitSeconds: config.deployGreen.maxWaitSeconds,
    });
    if (poll.action === 'give-up') {
      throw new GreenUnhealthyError(
        `${colour} (${deployment.version}) never became stable: ${status.detail} (${status.runningCount}/${status.desiredCount} running); ${poll.reason}`,
      );
    }
    return { stable: false, attempts: poll.attempts, waitSeconds: poll.waitSeconds, detail: status.detail };
  },
});

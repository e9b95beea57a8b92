import { GreenUnhealthyError } from '../../src/errors.ts';
import { audit } from '../../src/handlers/audit.ts';
import { defineStep } from '../../src/handlers/define-step.ts';
import { stepInputSchema } from '../../src/schema/deploy-state.ts';

/**
 * VerifyGreen: before any user traffic, every green target must be healthy and every smoke test
 * through the test listener must pass (seed 000 §6.1: any critical smoke test failing rolls back).
 */
export const verifyGreen = defineStep({
  name: 'verify-green',
  input: stepInputSchema,
  run: async ({ state }, { ports }) => {
    const { deployment, binding } = state;
    const colour = deployment.targetColour;
    const health = await ports.router.targetHealth(binding, colour);
    if (health.healthy < 1 || health.unhealthy > 0) {
      const details = health.details.join('; ') || 'no registered targets';
      throw new GreenUnhealthyError(
        `${colour} targets are not all healthy (${health.healthy} healthy, ${health.unhealthy} unhealthy): ${details}`,
      );
    }
    const smoke = await ports.smoke.run(binding, binding.smokeTests);
    const failed = smoke.filter((result) => !result.ok);
    await audit(ports, deployment.id, 'green.verified', { health, smoke, passed: failed.length === 0 });
    if (failed.length > 0) {
      const lines = failed.map((r) => `${r.path} → ${r.status ?? 'no response'} (${r.detail})`);
      throw new GreenUnhealthyError(`smoke tests failed on ${colour}: ${lines.join('; ')}`);
    }
    return { healthyTargets: health.healthy, smokeTests: smoke.length };
  },
});

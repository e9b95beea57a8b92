import { describeHookFailure, runHooks } from '../../src/core/lifecycle-hooks.ts';
import { trialVerdict } from '../../src/core/pre-traffic-trial.ts';
import { GreenUnhealthyError, VerificationFailedError } from '../../src/errors.ts';
import { audit } from '../../src/handlers/audit.ts';
import { defineStep } from '../../src/handlers/define-step.ts';
import { stepInputSchema } from '../../src/schema/deploy-state.ts';

/**
 * VerifyGreen: before any user traffic, every green target must be healthy, every smoke test
 * through the test listener must pass (seed 000 §6.1: any critical smoke test failing rolls
 * back), and green must pass its pre-traffic trial against blue (src/core/pre-traffic-trial.ts),
 * so a release that errs or slows down is rolled back before a single user request reaches it.
 * The service's `hooks.beforeTraffic` run after the smoke tests; the first that fails rolls back.
 */
export const verifyGreen = defineStep({
  name: 'verify-green',
  input: stepInputSchema,
  run: async ({ state }, { ports }) => {
    const { deployment, binding, config } = state;
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
      const lines = failed.map((r) => r.detail);
      throw new GreenUnhealthyError(`smoke tests failed on ${colour}: ${lines.join('; ')}`);
    }
    if (binding.hooks.beforeTraffic.length > 0) {
      const hooks = await runHooks(ports.hooks, binding.hooks.beforeTraffic, {
        deploymentId: deployment.id,
        service: deployment.service,
        environment: deployment.environment,
        version: deployment.version,
        colour,
        phase: 'before-traffic',
        weightPercent: 0,
      });
      await audit(ports, deployment.id, 'hooks.ran', { phase: 'before-traffic', ...hooks });
      if (!hooks.passed)
        throw new GreenUnhealthyError(`before traffic on ${colour}: ${describeHookFailure(hooks.results)}`);
    }
    if (binding.trial.requests === 0) return { healthyTargets: health.healthy, smokeTests: smoke.length };

    // The first deployment has no blue to compare with: green is judged alone.
    const trial = await ports.smoke.trial(
      binding,
      deployment.liveVersion === null ? { ...binding.trial, productionUrl: undefined } : binding.trial,
    );
    const verdict = trialVerdict(trial, config.verify);
    await audit(ports, deployment.id, 'green.trial', {
      ...trial,
      decision: verdict.decision,
      reason: verdict.reason,
    });
    if (verdict.decision === 'rollback') throw new VerificationFailedError(`on ${colour}: ${verdict.reason}`);
    return {
      healthyTargets: health.healthy,
      smokeTests: smoke.length,
      trial: { decision: verdict.decision, reason: verdict.reason },
    };
  },
});

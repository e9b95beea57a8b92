import { alarmsOnTraffic } from '../../src/core/alarm-timing.ts';
import { describeHookFailure, runHooks } from '../../src/core/lifecycle-hooks.ts';
import { judgeSuccessCriteria } from '../../src/core/success-criteria.ts';
import { verifyVerdict } from '../../src/core/verify-verdict.ts';
import { VerificationFailedError } from '../../src/errors.ts';
import { audit } from '../../src/handlers/audit.ts';
import { defineStep } from '../../src/handlers/define-step.ts';
import { stepInputSchema } from '../../src/schema/deploy-state.ts';

/**
 * Verify: green against blue over the bake just finished, then the success criteria. A rollback
 * fails the step with its reason; `hold` sends the plan back to bake the same step again.
 */
export const verify = defineStep({
  name: 'verify',
  input: stepInputSchema,
  run: async ({ state }, { ports }) => {
    const { deployment, binding, config, traffic } = state;
    const window = { startMs: traffic.bakeStartedAtMs, endMs: ports.clock.nowMs() };
    // At 100% blue serves nothing during the bake: compare with blue's own traffic earlier in this deployment.
    const blueWindow =
      traffic.weightPercent === 100
        ? { startMs: deployment.startedAtMs, endMs: traffic.bakeStartedAtMs }
        : window;
    const [green, blue, firingAlarms] = await Promise.all([
      ports.metrics.targetGroupStats(binding, deployment.targetColour, window),
      deployment.liveVersion === null
        ? Promise.resolve(null) // first deployment: there is no blue to compare with
        : ports.metrics.targetGroupStats(binding, deployment.liveColour, blueWindow),
      ports.alarms
        .firing(binding, deployment.targetColour)
        .then((firing) => alarmsOnTraffic(firing, traffic.trafficSinceMs)),
    ]);
    const verdict = verifyVerdict({ green, blue, thresholds: config.verify, firingAlarms });
    // The step's hooks run once the thresholds pass; the first that fails rolls back.
    const hooks =
      verdict.decision === 'pass' && binding.hooks.afterStep.length > 0
        ? await runHooks(ports.hooks, binding.hooks.afterStep, {
            deploymentId: deployment.id,
            service: deployment.service,
            environment: deployment.environment,
            version: deployment.version,
            colour: deployment.targetColour,
            phase: 'after-step',
            step: traffic.stepIndex + 1,
            weightPercent: traffic.weightPercent,
          })
        : null;
    if (hooks)
      await audit(ports, deployment.id, 'hooks.ran', {
        phase: 'after-step',
        step: traffic.stepIndex + 1,
        ...hooks,
      });
    if (hooks && !hooks.passed) {
      throw new VerificationFailedError(
        `at ${traffic.weightPercent}% on ${deployment.targetColour}: ${describeHookFailure(hooks.results)}`,
      );
    }
    // The success criteria are judged only once the thresholds pass: a breach rolls back first.
    const criteria =
      verdict.decision === 'pass' && config.successCriteria
        ? judgeSuccessCriteria({
            green,
            criteria: config.successCriteria,
            thresholds: config.verify,
            weightPercent: traffic.weightPercent,
            bakeSeconds: traffic.bakeSeconds,
            holdsSoFar: traffic.holds ?? 0,
          })
        : null;
    const decision = criteria?.decision ?? verdict.decision;
    const reason = criteria ? `${verdict.reason}; ${criteria.reason}` : verdict.reason;
    await audit(ports, deployment.id, 'verify', {
      step: traffic.stepIndex + 1,
      weightPercent: traffic.weightPercent,
      window,
      decision,
      reason,
      checks: verdict.checks,
      ...(criteria && { successCriteria: criteria.checks }),
    });
    if (decision === 'rollback') {
      throw new VerificationFailedError(
        `at ${traffic.weightPercent}% on ${deployment.targetColour}: ${reason}`,
      );
    }
    return { decision, reason };
  },
});

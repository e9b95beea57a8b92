import { alarmsOnTraffic } from '../../src/core/alarm-timing.ts';
import { verifyVerdict } from '../../src/core/verify-verdict.ts';
import { VerificationFailedError } from '../../src/errors.ts';
import { audit } from '../../src/handlers/audit.ts';
import { defineStep } from '../../src/handlers/define-step.ts';
import { stepInputSchema } from '../../src/schema/deploy-state.ts';

/** Verify: green against blue over the bake just finished; a rollback verdict fails the step with its reason. */
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
    await audit(ports, deployment.id, 'verify', {
      step: traffic.stepIndex + 1,
      weightPercent: traffic.weightPercent,
      window,
      decision: verdict.decision,
      reason: verdict.reason,
      checks: verdict.checks,
    });
    if (verdict.decision === 'rollback') {
      throw new VerificationFailedError(
        `at ${traffic.weightPercent}% on ${deployment.targetColour}: ${verdict.reason}`,
      );
    }
    return { decision: verdict.decision, reason: verdict.reason };
  },
});

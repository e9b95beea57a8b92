import { nextTrafficStep } from '../../src/core/traffic-plan.ts';
import { audit } from '../../src/handlers/audit.ts';
import { defineStep } from '../../src/handlers/define-step.ts';
import { setAndVerifyWeights } from '../../src/handlers/set-and-verify-weights.ts';
import { weightsFor } from '../../src/ports/colour.ts';
import { stepInputSchema, type TrafficPosition } from '../../src/schema/deploy-state.ts';

/**
 * ShiftWeight: moves to the next step of the plan, or holds the current one for another bake
 * when Verify said `hold`, then reads the listener back to prove the weights.
 */
export const shiftWeight = defineStep({
  name: 'shift-weight',
  input: stepInputSchema,
  lease: 'fence',
  run: async ({ state }, { ports }): Promise<TrafficPosition> => {
    const { deployment, binding, config, traffic } = state;
    // A held step (success criteria missed) is baked again: the step "after" the one before it.
    const holding = state.verdict?.decision === 'hold';
    const next = nextTrafficStep(config.trafficPlan, holding ? traffic.stepIndex - 1 : traffic.stepIndex);
    const weights = weightsFor(deployment.targetColour, next.weightPercent);
    await setAndVerifyWeights(ports.router, binding, weights);
    const nowMs = ports.clock.nowMs();
    const holds = holding ? (traffic.holds ?? 0) + 1 : 0;
    await audit(ports, deployment.id, holding ? 'bake.held' : 'weights.changed', {
      ...weights,
      step: next.index + 1,
      of: config.trafficPlan.length,
      ...(holding && { hold: holds, reason: state.verdict?.reason }),
    });
    return {
      stepIndex: next.index,
      stepsTotal: config.trafficPlan.length,
      weightPercent: next.weightPercent,
      bakeSeconds: next.bakeSeconds,
      isFinal: next.isFinal,
      bakeStartedAtMs: nowMs,
      moved: true,
      trafficSinceMs: traffic.trafficSinceMs ?? nowMs,
      holds,
    };
  },
});

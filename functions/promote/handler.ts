import { audit } from '../../src/handlers/audit.ts';
import { defineStep } from '../../src/handlers/define-step.ts';
import { stepInputSchema } from '../../src/schema/deploy-state.ts';

/** Promote: green has all the traffic and passed every verify; it becomes the live colour. */
export const promote = defineStep({
  name: 'promote',
  input: stepInputSchema,
  lease: 'fence',
  run: async ({ state }, { ports }) => {
    const { deployment } = state;
    await ports.store.setLive(deployment.service, deployment.environment, {
      colour: deployment.targetColour,
      version: deployment.version,
    });
    const atMs = ports.clock.nowMs();
    await audit(ports, deployment.id, 'promoted', {
      liveColour: deployment.targetColour,
      version: deployment.version,
    });
    return { liveColour: deployment.targetColour, atMs };
  },
});

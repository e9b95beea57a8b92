import { audit } from '../../src/handlers/audit.ts';
import { defineStep } from '../../src/handlers/define-step.ts';
import { stepInputSchema } from '../../src/schema/deploy-state.ts';

/** DecommissionBlue: after standby, the old colour scales to zero (its database snapshot is kept by retention). */
export const decommissionBlue = defineStep({
  name: 'decommission-blue',
  input: stepInputSchema,
  lease: 'fence',
  run: async ({ state }, { ports }) => {
    const { deployment, binding } = state;
    await ports.store.clearCallback(deployment.id, 'standby');
    await ports.compute.scaleToZero(binding, deployment.liveColour);
    await audit(ports, deployment.id, 'decommissioned', { colour: deployment.liveColour });
    return { decommissioned: deployment.liveColour };
  },
});

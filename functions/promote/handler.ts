import { monitoringField, monitoringWindow } from '../../src/core/extended-monitoring.ts';
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
    const monitoring = monitoringWindow(
      state.config.extendedMonitoringSeconds,
      deployment.targetColour,
      atMs,
    );
    if (monitoring) await ports.store.updateDeployment(deployment.id, { [monitoringField]: monitoring });
    await audit(ports, deployment.id, 'promoted', {
      liveColour: deployment.targetColour,
      version: deployment.version,
      ...(monitoring && { monitoredUntil: new Date(monitoring.untilMs).toISOString() }),
    });
    return { liveColour: deployment.targetColour, atMs };
  },
});

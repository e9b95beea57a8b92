import { decideRollback } from '../../src/core/rollback-decision.ts';
import { liveProbesOf } from '../../src/core/smoke-tests.ts';
import { BlueUnavailableError } from '../../src/errors.ts';
import { audit } from '../../src/handlers/audit.ts';
import { defineStep } from '../../src/handlers/define-step.ts';
import { causeMessage } from '../../src/handlers/failure-text.ts';
import { recordedMigrations } from '../../src/handlers/recorded-migrations.ts';
import { setAndVerifyWeights } from '../../src/handlers/set-and-verify-weights.ts';
import { weightsFor } from '../../src/ports/colour.ts';
import { stepInputSchema } from '../../src/schema/deploy-state.ts';

/**
 * Rollback (seed 000 §6.2): traffic back to the live colour, only if it serves (checked before the
 * switch and again after it, the weights read back); then the database action the policy allows.
 * A live colour that does not serve keeps the traffic where it is, the lock held, and pages
 * (BlueUnavailableError → RollbackFailed). A snapshot restore is never automatic:
 * it would throw away every write since the snapshot.
 */
export const rollback = defineStep({
  name: 'rollback',
  input: stepInputSchema,
  lease: 'fence',
  run: async ({ state }, { ports }) => {
    const { deployment, binding, config, traffic } = state;
    const failure = state.failure ?? {
      Error: 'UnknownError',
      Cause: 'rollback entered without a recorded failure',
    };
    const decision = decideRollback({
      trafficMoved: traffic.moved,
      migrationsApplied: state.migration?.applied ?? (await recordedMigrations(ports.store, deployment.id)),
      databasePolicy: config.rollback.database,
      snapshotId: state.backup?.ready ? state.backup.snapshotId : null,
      failure: { Error: failure.Error, Cause: causeMessage(failure.Cause) },
    });

    // Never move traffic onto a colour that does not serve: look at it now, before the switch.
    // (A first deployment has no old colour to serve; its rollback only takes green's share away.)
    const firstDeployment = deployment.liveVersion === null;
    const before = await ports.router.targetHealth(binding, deployment.liveColour);
    if (!firstDeployment && before.healthy === 0) {
      throw new BlueUnavailableError(
        `${deployment.liveColour} (${deployment.liveVersion}) has no healthy targets, so traffic was not moved onto it and the lock is kept: ${before.details.join('; ') || 'none registered'}`,
      );
    }

    // Always put the weights back, even if the state says nothing moved: a ShiftWeight that failed
    // after its ModifyListener call may have moved traffic without recording it. It is idempotent.
    const weights = await setAndVerifyWeights(ports.router, binding, weightsFor(deployment.liveColour, 100));
    await audit(ports, deployment.id, 'weights.changed', { ...weights, rollback: true });

    const live = await ports.store.getLive(deployment.service, deployment.environment);
    if (live?.colour === deployment.targetColour && deployment.liveVersion !== null) {
      // Rolled back after Promote (standby): the old colour is live again.
      await ports.store.setLive(deployment.service, deployment.environment, {
        colour: deployment.liveColour,
        version: deployment.liveVersion,
      });
    }

    // And again after it: the colour may have died in between. The target group's health lags
    // (it takes several failed checks), so also ask the production listener itself, which now
    // sends every request to the live colour: not one answer there means it does not serve.
    const health = await ports.router.targetHealth(binding, deployment.liveColour);
    const blueServing = health.healthy > 0;
    if (!firstDeployment && !blueServing) {
      throw new BlueUnavailableError(
        `traffic is back on ${deployment.liveColour} (${deployment.liveVersion}) but it has no healthy targets: ${health.details.join('; ') || 'none registered'}`,
      );
    }
    const probes = firstDeployment
      ? null
      : await ports.smoke.runLive(binding, liveProbesOf(binding.smokeTests));
    if (probes && !probes.some((probe) => probe.ok)) {
      throw new BlueUnavailableError(
        `traffic is back on ${deployment.liveColour} (${deployment.liveVersion}) but it does not answer through the production listener: ${probes.map((p) => `${p.path} ${p.detail}`).join('; ')}`,
      );
    }

    const revertedMigrations =
      decision.database === 'down-scripts' && state.request.migrations
        ? [
            ...(await ports.migrator.revert(binding, {
              location: state.request.migrations.location,
              deploymentId: deployment.id,
            })),
          ]
        : [];

    const report = {
      trafficRestored: true,
      weights,
      database: decision.database,
      revertedMigrations,
      reason: decision.reason,
      blueServing,
      ...(decision.database === 'awaiting-restore-approval' && state.backup
        ? { snapshotId: state.backup.snapshotId }
        : {}),
    };
    await audit(ports, deployment.id, 'rolled-back', { ...report, failure: failure.Error });
    return report;
  },
});

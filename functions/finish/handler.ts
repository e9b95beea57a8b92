import * as z from 'zod';
import { audit } from '../../src/handlers/audit.ts';
import { defineStep } from '../../src/handlers/define-step.ts';
import { causeMessage } from '../../src/handlers/failure-text.ts';
import { callbackKinds } from '../../src/ports/store.ts';
import { deployStateSchema } from '../../src/schema/deploy-state.ts';

const inputSchema = z.object({ outcome: z.enum(['succeeded', 'rolled-back']), state: deployStateSchema });

/** Finish: records the outcome, forgets waiting tokens, and releases the lock (only if we hold it). */
export const finish = defineStep({
  name: 'finish',
  input: inputSchema,
  run: async ({ outcome, state }, { ports }) => {
    const { deployment } = state;
    const endedAtMs = ports.clock.nowMs();
    await ports.store.updateDeployment(deployment.id, {
      status: outcome,
      endedAtMs,
      ...(state.failure
        ? { failure: { error: state.failure.Error, cause: causeMessage(state.failure.Cause) } }
        : {}),
    });
    await Promise.all(callbackKinds.map((kind) => ports.store.clearCallback(deployment.id, kind)));
    if (state.restoreDeclined) {
      // Declined by an approver, or not answered in time: the database keeps the new schema and data.
      await audit(ports, deployment.id, 'restore.declined', {
        snapshotId: state.rollback?.snapshotId,
        because: state.restoreDeclined.Error,
        detail: causeMessage(state.restoreDeclined.Cause),
      });
    }
    await audit(ports, deployment.id, 'outcome', { outcome, durationMs: endedAtMs - deployment.startedAtMs });
    await ports.store.releaseLock(deployment.lockKey, deployment.id);
    return { outcome, durationMs: endedAtMs - deployment.startedAtMs };
  },
});

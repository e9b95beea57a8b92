import * as z from 'zod';
import { deploymentCost } from '../../src/core/cost-estimate.ts';
import { audit } from '../../src/handlers/audit.ts';
import { defineStep } from '../../src/handlers/define-step.ts';
import { causeMessage } from '../../src/handlers/failure-text.ts';
import { callbackKinds } from '../../src/ports/store.ts';
import { deployStateSchema } from '../../src/schema/deploy-state.ts';
import { defaultFunctionMemoryMb } from '../../src/workflow/function-defaults.ts';

const inputSchema = z.object({ outcome: z.enum(['succeeded', 'rolled-back']), state: deployStateSchema });

/** Finish: records the outcome, forgets waiting tokens, and releases the lock (only if we hold it). */
export const finish = defineStep({
  name: 'finish',
  input: inputSchema,
  run: async ({ outcome, state }, { ports }) => {
    const { deployment } = state;
    const endedAtMs = ports.clock.nowMs();
    const holds = (await ports.store.listAudit(deployment.id)).filter(
      (event) => event.type === 'bake.held',
    ).length;
    const cost = deploymentCost(state.config, {
      approvalGate: state.approval.required,
      holds,
      // Lambda says its own size; the local world has none and uses the construct's default.
      lambdaMemoryMb: Number(process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE) || defaultFunctionMemoryMb,
    });
    await ports.store.updateDeployment(deployment.id, {
      status: outcome,
      endedAtMs,
      cost: {
        totalUsd: cost.totalUsd,
        text: cost.text,
        // A rollback stops partway and adds its own states: the full path's figure bounds it.
        basis:
          outcome === 'succeeded'
            ? 'the path this deployment took'
            : 'the full planned path: this one rolled back, which stops sooner and adds states of its own',
      },
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

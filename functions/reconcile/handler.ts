import * as z from 'zod';
import { decideReconcile } from '../../src/core/reconcile-decision.ts';
import { audit } from '../../src/handlers/audit.ts';
import { defineStep } from '../../src/handlers/define-step.ts';
import { sendAudited } from '../../src/handlers/send-audited.ts';
import { setAndVerifyWeights } from '../../src/handlers/set-and-verify-weights.ts';
import { renderReconciled } from '../../src/notifications/templates.ts';
import { weightsFor } from '../../src/ports/colour.ts';
import type { Ports } from '../../src/ports/index.ts';
import { callbackKinds } from '../../src/ports/store.ts';
import { deployStateField, deployStateSchema } from '../../src/schema/deploy-state.ts';
import { deploymentIdFor } from '../../src/workflow/execution-name.ts';
import { reconciledStatuses } from '../../src/workflow/reconcile-rule.ts';

/** EventBridge's `Step Functions Execution Status Change`, as much of it as reconcile reads. */
const executionStatusEventSchema = z
  .object({
    'detail-type': z.literal('Step Functions Execution Status Change'),
    detail: z
      .object({
        executionArn: z.string().min(1),
        name: z.string().min(1),
        status: z.enum(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE']),
        input: z.string().nullish(),
        error: z.string().nullish(),
        cause: z.string().nullish(),
      })
      .loose(),
  })
  .loose();

/** The statuses the rule sends (a replayed or hand-sent event of another status changes nothing). */
const endedAbnormally = new Set<string>(reconciledStatuses);

/**
 * Reconcile: an execution of the deploy workflow that ended (stopped by an operator, timed out
 * as a whole, or failed where no Catch ran) without closing its deployment. It puts all traffic
 * on a colour that serves (checked with fresh health, read back), releases the lock, closes the
 * record, and pages. A deployment the workflow closed itself (Finish ran) is left alone, as is
 * one that never got past Preflight (nothing was changed). If no colour serves, the lock is kept
 * and the page says so.
 */
export const reconcile = defineStep({
  name: 'reconcile',
  input: executionStatusEventSchema,
  run: async ({ detail }, { ports }) => {
    if (!endedAbnormally.has(detail.status)) return { action: 'none', reason: `execution ${detail.status}` };
    const deploymentId = deploymentIdFor(requestedDeploymentId(detail.input), detail.executionArn);
    const record = await ports.store.getDeployment(deploymentId);
    if (!record)
      return { action: 'none', reason: `deployment ${deploymentId} never passed Preflight: nothing changed` };
    if (record.executionId !== detail.executionArn)
      return {
        action: 'none',
        reason: `deployment ${deploymentId} belongs to execution ${String(record.executionId)}`,
      };
    if (record.status !== 'running')
      return { action: 'none', reason: `deployment ${deploymentId} was already closed (${record.status})` };
    if (await endedInRollbackFailed(ports, deploymentId))
      return {
        action: 'none',
        reason: `deployment ${deploymentId} ended in RollbackFailed: it keeps the lock on purpose, and paged a person`,
      };
    const parsed = deployStateSchema.safeParse(record[deployStateField]);
    if (!parsed.success)
      throw new Error(`deployment ${deploymentId}: its record holds no readable state to reconcile from`);
    const state = parsed.data;
    const { deployment, binding } = state;
    const cause = [detail.error, detail.cause].filter(Boolean).join(': ') || 'no cause given';
    const closeRecord = (failureCause: string) =>
      ports.store.updateDeployment(deployment.id, {
        status: 'rolled-back',
        endedAtMs: ports.clock.nowMs(),
        failure: { error: `Execution${titleCase(detail.status)}`, cause: failureCause },
      });
    const lock = await ports.store.readLock(deployment.lockKey);
    if (lock && lock.owner !== deployment.id) {
      // Another deployment owns the service now (it took the lease over): touch none of its traffic.
      await closeRecord(`lease lost to ${lock.owner}`);
      await audit(ports, deployment.id, 'reconciled', {
        executionStatus: detail.status,
        decision: 'lease-lost',
      });
      return {
        action: 'none',
        reason: `deployment ${lock.owner} holds ${deployment.lockKey} now: its traffic is left alone`,
      };
    }

    const live =
      (await ports.store.getLive(deployment.service, deployment.environment))?.colour ??
      deployment.liveColour;
    const health = {
      blue: await ports.router.targetHealth(binding, 'blue'),
      green: await ports.router.targetHealth(binding, 'green'),
    };
    const decision = decideReconcile({ liveColour: live, health });

    if (decision.action === 'route') {
      const weights = await setAndVerifyWeights(ports.router, binding, weightsFor(decision.colour, 100));
      await audit(ports, deployment.id, 'weights.changed', { ...weights, reconcile: true });
      await Promise.all(callbackKinds.map((kind) => ports.store.clearCallback(deployment.id, kind)));
      await closeRecord(cause);
    }
    await audit(ports, deployment.id, 'reconciled', {
      executionStatus: detail.status,
      cause,
      decision: decision.action,
      reason: decision.reason,
    });
    if (decision.action === 'route') {
      await audit(ports, deployment.id, 'outcome', { outcome: 'rolled-back', reconciled: true });
      await ports.store.releaseLock(deployment.lockKey, deployment.id);
    }
    // The traffic, lock and record are settled by now: a page that cannot go out is recorded, and
    // never makes EventBridge retry a reconcile that would then find nothing left to do.
    const page = renderReconciled(
      state,
      {
        executionStatus: detail.status,
        executionCause: cause,
        actionTaken: decision.reason,
        stable: decision.action === 'route' && !decision.page,
      },
      { nowMs: ports.clock.nowMs() },
    );
    const paged = await sendAudited(ports, deployment.id, 'reconciled', page).then(
      () => true,
      () => false,
    );
    return { action: decision.action, reason: decision.reason, paged };
  },
});

/**
 * Whether the workflow itself ended in RollbackFailed, whose page (sent or not) is in the audit
 * trail: it holds the lock on purpose, for a person, and moving traffic again on a health read
 * that may lag would undo that.
 */
async function endedInRollbackFailed(ports: Ports, deploymentId: string): Promise<boolean> {
  const audit = await ports.store.listAudit(deploymentId);
  return audit.some(
    (event) =>
      (event.type === 'notification.sent' || event.type === 'notification.failed') &&
      event.detail.template === 'rollback-failed',
  );
}

/** The request's own `deploymentId`, from the execution input; undefined when it names none. */
function requestedDeploymentId(input: string | null | undefined): string | undefined {
  try {
    const request = JSON.parse(input ?? '{}') as { deploymentId?: unknown };
    return typeof request.deploymentId === 'string' ? request.deploymentId : undefined;
  } catch {
    return undefined;
  }
}

const titleCase = (status: string): string =>
  status
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');

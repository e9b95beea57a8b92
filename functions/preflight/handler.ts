import * as z from 'zod';
import {
  afterTheFactDue,
  afterTheFactEvents,
  afterTheFactField,
} from '../../src/approvals/after-the-fact.ts';
import { leaseSeconds } from '../../src/core/lease.ts';
import { decideLock } from '../../src/core/lock-rules.ts';
import { evaluatePolicy } from '../../src/core/policy.ts';
import { validateTrafficPlan } from '../../src/core/traffic-plan.ts';
import {
  ConfigError,
  GreenlightError,
  InvalidRequestError,
  LockHeldError,
  PolicyDeniedError,
} from '../../src/errors.ts';
import { audit } from '../../src/handlers/audit.ts';
import { defineStep } from '../../src/handlers/define-step.ts';
import { otherColour } from '../../src/ports/colour.ts';
import { lockKeyFor } from '../../src/ports/store.ts';
import { type DeployState, deployStateField } from '../../src/schema/deploy-state.ts';
import { parseOrThrow } from '../../src/schema/parse.ts';
import { deploymentRequestSchema } from '../../src/schema/request.ts';
import { deploymentIdFor } from '../../src/workflow/execution-name.ts';

const inputSchema = z.object({
  request: z.unknown(),
  executionId: z.string().min(1),
  startTime: z.string().min(1),
});

/** The execution name is the deployment id (idempotent requests): the ARN's last segment. */

/**
 * Preflight: everything is checked before the first change, which is taking the lock.
 * A refusal here leaves the world exactly as it was.
 */
export const preflight = defineStep({
  name: 'preflight',
  input: inputSchema,
  run: async (input, { ports }): Promise<DeployState> => {
    const request = parseOrThrow('the deployment request', deploymentRequestSchema, input.request);
    const config = await ports.config.load(request.environment);

    const plan = validateTrafficPlan(config.trafficPlan);
    if (!plan.ok) {
      throw new ConfigError(
        `the traffic plan of ${request.environment} is invalid: ${plan.problems.join('; ')}`,
      );
    }
    const binding = config.services[request.service];
    if (!binding) {
      const known = Object.keys(config.services).join(', ') || 'none';
      throw new InvalidRequestError(
        `request.service: "${request.service}" is not configured in environment ${request.environment} (configured: ${known}); add it under services in the config`,
      );
    }

    // Everything that can be checked before a change: a migrations location that holds no
    // readable migrations is refused here, not at Migrate after the lock, a snapshot and two pages.
    if (request.migrations) {
      try {
        await ports.migrator.check(binding, request.migrations.location);
      } catch (error) {
        if (!(error instanceof GreenlightError) || error.retryable) throw error;
        throw new InvalidRequestError(`request.migrations.location: ${error.message}`, [], { cause: error });
      }
    }

    const nowMs = ports.clock.nowMs();
    const promotionSource = config.promotion?.requireSuccessIn;
    const succeededInPromotionSource = promotionSource
      ? await ports.store.hasSucceeded(request.service, promotionSource, request.version)
      : null;
    const policy = evaluatePolicy({ request, config, nowMs, succeededInPromotionSource });
    if (!policy.allowed) throw new PolicyDeniedError(policy.reasons.join('; '));

    const live = await ports.store.getLive(request.service, request.environment);
    const liveColour = live?.colour ?? 'blue';
    const liveStatus = await ports.compute.status(binding, liveColour);
    const deploymentId = deploymentIdFor(request.deploymentId, input.executionId);
    const lockKey = lockKeyFor(request.service, request.environment);

    // One deployment id runs once: a redelivered event or a second start under another
    // execution name must not deploy again, whether the first run is still going or over.
    const earlier = await ports.store.getDeployment(deploymentId);
    if (earlier && earlier.executionId !== input.executionId) {
      throw new InvalidRequestError(
        `request.deploymentId: deployment ${deploymentId} already ran as execution ${String(earlier.executionId)} (status ${earlier.status}); a deployment id runs once, so start this one with a new id`,
      );
    }
    const lockRequest = {
      key: lockKey,
      owner: deploymentId,
      executionId: input.executionId,
      nowMs,
      staleAfterMs: leaseSeconds(config) * 1000,
    };
    const lock = await ports.store.acquireLock(lockRequest);
    if (!lock.acquired) throw new LockHeldError(decideLock(lock.holder, lockRequest).reason);

    // From here on we hold the lock: if recording fails, give it back before failing.
    try {
      const { services: _allServices, ...frozenConfig } = config;
      const state: DeployState = {
        request,
        deployment: {
          id: deploymentId,
          executionId: input.executionId,
          service: request.service,
          environment: request.environment,
          version: request.version,
          image: request.image,
          liveColour,
          targetColour: otherColour(liveColour),
          liveVersion: live?.version ?? null,
          startedAtMs: nowMs,
          lockKey,
          desiredCount: Math.max(1, liveStatus.desiredCount),
        },
        config: frozenConfig,
        binding,
        approval: {
          required: policy.approvals.length > 0,
          summary: policy.approvals.map((a) => `${a.count}× ${a.role}`).join(', ') || 'none',
          requirements: policy.approvals,
          timeoutSeconds: config.approvalGate.timeoutSeconds,
          onTimeout: config.approvalGate.onTimeout,
        },
        traffic: {
          stepIndex: -1,
          stepsTotal: config.trafficPlan.length,
          weightPercent: 0,
          bakeSeconds: config.trafficPlan[0]?.bakeSeconds ?? 1,
          isFinal: false,
          bakeStartedAtMs: nowMs,
          moved: false,
        },
      };
      const owed = afterTheFactDue(config, request.releaseType, nowMs);
      await ports.store.putDeployment({
        deploymentId,
        service: request.service,
        environment: request.environment,
        version: request.version,
        startedAtMs: nowMs,
        status: 'running',
        request,
        liveColour,
        targetColour: state.deployment.targetColour,
        executionId: input.executionId,
        [deployStateField]: state,
        ...(owed && { [afterTheFactField]: { dueAtMs: owed.dueAtMs } }),
      });
      await audit(ports, deploymentId, 'preflight.passed', {
        request,
        policy: { window: policy.window, approvals: policy.approvals },
        lock: lock.tookOverFrom ? { tookOverStaleLockFrom: lock.tookOverFrom.owner } : { acquired: true },
      });
      if (owed) await audit(ports, deploymentId, afterTheFactEvents.due, owed);
      if (policy.attested.length > 0) {
        await audit(ports, deploymentId, 'checklist.attested', { items: policy.attested });
      }
      return state;
    } catch (error) {
      await ports.store.releaseLock(lockKey, deploymentId);
      throw error;
    }
  },
});

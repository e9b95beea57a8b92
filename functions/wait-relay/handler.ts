import * as z from 'zod';
import { deploymentSnapshotId } from '../../src/core/snapshot-id.ts';
import {
  type AwaitedKind,
  awaitedKinds,
  type SettleOutcome,
  settleAwaited,
} from '../../src/handlers/awaited-work.ts';
import { defineStep } from '../../src/handlers/define-step.ts';
import type { Ports } from '../../src/ports/index.ts';
import { type DeployState, deployStateField, deployStateSchema } from '../../src/schema/deploy-state.ts';
import {
  isBoundService,
  rolloutEndings,
  rolloutEventDetailType,
  snapshotEventDetailTypes,
} from '../../src/workflow/wait-relay-rules.ts';

/** An RDS snapshot event, as much of it as the relay reads: which snapshot it is about. */
const snapshotEventSchema = z
  .object({
    source: z.literal('aws.rds'),
    'detail-type': z.enum(snapshotEventDetailTypes),
    detail: z.object({ SourceIdentifier: z.string().min(1), Message: z.string().optional() }).loose(),
  })
  .loose();

/** An ECS service deployment that ended: which service it is about. */
const rolloutEventSchema = z
  .object({
    source: z.literal('aws.ecs'),
    'detail-type': z.literal(rolloutEventDetailType),
    resources: z.array(z.string().min(1)).min(1),
    detail: z.object({ eventName: z.enum(rolloutEndings) }).loose(),
  })
  .loose();

/** The fallback schedule: EventBridge Scheduler sends `{ "environment": "<env>" }`, with no `source`. */
const sweepSchema = z
  .object({ source: z.undefined().optional(), environment: z.string().min(1).optional() })
  .strict();

/** Told apart by `source`, so a malformed event is refused with what is wrong in it. */
const inputSchema = z.discriminatedUnion('source', [snapshotEventSchema, rolloutEventSchema, sweepSchema]);
type WaitRelayInput = z.output<typeof inputSchema>;

/** Every how many seconds the fallback sweep runs: it bounds how late a lost event makes a wait. */
export const waitRelaySweepEverySeconds = 300;

/** Which waits an input concerns, and who is looking, for the audit trail. */
interface Concern {
  readonly by: string;
  readonly environment?: string;
  readonly concerns: (kind: AwaitedKind, state: DeployState) => boolean;
}

function concernOf(input: WaitRelayInput): Concern {
  if ('source' in input && input.source === 'aws.rds') {
    const snapshotId = input.detail.SourceIdentifier;
    return {
      by: `an RDS event (${snapshotId}${input.detail.Message ? `: ${input.detail.Message}` : ''})`,
      concerns: (kind, state) => kind === 'backup' && deploymentSnapshotId(state) === snapshotId,
    };
  }
  if ('source' in input && input.source === 'aws.ecs') {
    const serviceArn = input.resources[0] as string;
    return {
      by: `an ECS event (${input.detail.eventName} of ${serviceArn})`,
      concerns: (kind, { binding, deployment }) =>
        kind === 'rollout' &&
        isBoundService(serviceArn, binding.compute.cluster, binding.compute[deployment.targetColour]),
    };
  }
  return {
    by: 'the fallback sweep',
    ...('environment' in input && input.environment ? { environment: input.environment } : {}),
    concerns: () => true,
  };
}

export interface WaitRelayReport {
  readonly settled: readonly { deploymentId: string; kind: AwaitedKind; outcome: SettleOutcome }[];
}

/**
 * The wait relay: completes AwaitBackup and AwaitGreen (src/handlers/awaited-work.ts). An RDS
 * snapshot event or an ECS deployment event makes it look at the deployments waiting on that
 * snapshot or service; its schedule makes it look at every waiting deployment, in case an event
 * was lost. It reads the work's real state before it completes a wait, so a late, repeated or
 * unrelated event changes nothing. Not a workflow step: it adds no state transitions, however
 * long the work takes.
 */
export const waitRelay = defineStep({
  name: 'wait-relay',
  input: inputSchema,
  run: async (input, { ports }): Promise<WaitRelayReport> => {
    const concern = concernOf(input);
    const settled: WaitRelayReport['settled'][number][] = [];
    for (const { state, kind, taskToken } of await waitingTasks(ports, concern)) {
      const outcome = await settleAwaited(ports, kind, state, taskToken, concern.by);
      settled.push({ deploymentId: state.deployment.id, kind, outcome });
    }
    return { settled };
  },
});

/** The awaited tasks `concern` is about: running deployments with a kept token of that kind. */
async function waitingTasks(
  ports: Ports,
  concern: Concern,
): Promise<{ state: DeployState; kind: AwaitedKind; taskToken: string }[]> {
  const records = await ports.store.listDeployments(
    concern.environment ? { environment: concern.environment } : {},
  );
  const waiting: { state: DeployState; kind: AwaitedKind; taskToken: string }[] = [];
  for (const record of records) {
    if (record.status !== 'running') continue;
    const parsed = deployStateSchema.safeParse(record[deployStateField]);
    if (!parsed.success) continue;
    for (const kind of awaitedKinds) {
      if (!concern.concerns(kind, parsed.data)) continue;
      const taskToken = await ports.store.getCallback(record.deploymentId, kind);
      if (!taskToken) continue;
      const state = kind === 'backup' ? withAwaitedSnapshot(parsed.data) : parsed.data;
      waiting.push({ state, kind, taskToken });
    }
  }
  return waiting;
}

/** The record keeps the state Preflight froze, before StartBackup named the snapshot. */
const withAwaitedSnapshot = (state: DeployState): DeployState => ({
  ...state,
  backup: { snapshotId: deploymentSnapshotId(state), ready: false, detail: 'snapshot requested' },
});

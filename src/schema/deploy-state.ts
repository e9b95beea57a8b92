import * as z from 'zod';
import { approvalRequirementSchema, environmentConfigSchema, serviceBindingSchema } from './config.ts';
import { deploymentRequestSchema } from './request.ts';

const colourSchema = z.enum(['blue', 'green']);

export const deploymentContextSchema = z.object({
  id: z.string().min(1),
  executionId: z.string().min(1),
  service: z.string().min(1),
  environment: z.string().min(1),
  version: z.string().min(1),
  image: z.string().min(1),
  /** The colour serving users when the deployment started; rollback returns to it. */
  liveColour: colourSchema,
  /** The idle colour that receives the new version ("green" in the seeds' words). */
  targetColour: colourSchema,
  /** The version live when the deployment started, or null for a first deployment. */
  liveVersion: z.string().nullable(),
  startedAtMs: z.number(),
  lockKey: z.string().min(1),
  /** Tasks the live colour runs; green is rolled out at the same size. */
  desiredCount: z.number().int().min(1),
});

/** Where the traffic plan stands. `stepIndex` is -1 before the first shift. */
export const trafficPositionSchema = z.object({
  stepIndex: z.number().int().min(-1),
  stepsTotal: z.number().int().min(1),
  /** Percent of requests on the target colour. */
  weightPercent: z.number().int().min(0).max(100),
  bakeSeconds: z.number().int().min(1),
  isFinal: z.boolean(),
  /** When the current bake started: Verify compares the colours over [bakeStartedAtMs, now]. */
  bakeStartedAtMs: z.number(),
  /** True once any request may have reached the target colour. */
  moved: z.boolean(),
  /** When the target colour first took production traffic: alarms measured wholly before it judged its warm-up. */
  trafficSinceMs: z.number().optional(),
  /** Extra bakes this step has held for, its success criteria missed (0 or missing: none). */
  holds: z.number().int().min(0).optional(),
});

export const pollProgressSchema = z.object({
  ready: z.boolean().optional(),
  stable: z.boolean().optional(),
  attempts: z.number().int().min(0),
  waitSeconds: z.number().int().min(0),
  detail: z.string(),
});

export const appliedMigrationSchema = z.object({
  id: z.string(),
  checksum: z.string(),
  blueCompatible: z.boolean(),
});

export const failureSchema = z.object({ Error: z.string(), Cause: z.string().optional().default('') });

export const restoreProgressSchema = pollProgressSchema.extend({
  snapshotId: z.string(),
  /** The database's name, which the restored copy takes over. */
  databaseId: z.string(),
  /** Where the pre-restore database (with every write since the snapshot) is kept. */
  keptAs: z.string(),
});

/**
 * The JSON document that flows through `statemachines/deploy.asl.json`.
 * `Preflight` builds it; every later state writes only its own key (its `ResultPath`).
 * Unknown keys are kept (`loose`), so a newer state never breaks an older step.
 */
export const deployStateSchema = z
  .object({
    request: deploymentRequestSchema,
    deployment: deploymentContextSchema,
    /** The environment config, frozen at Preflight: a config change mid-deploy does not affect it. */
    config: environmentConfigSchema.omit({ services: true }),
    binding: serviceBindingSchema,
    approval: z.object({
      required: z.boolean(),
      summary: z.string(),
      /**
       * Who must approve, as Preflight's policy decided: the release type's approvals, raised by
       * any freeze it passes through. Missing only from states frozen before this field existed.
       */
      requirements: z.array(approvalRequirementSchema).optional(),
      timeoutSeconds: z.number().int().min(1),
      onTimeout: z.enum(['reject', 'approve']),
    }),
    traffic: trafficPositionSchema,
    /** The snapshot taken before Migrate: requested by StartBackup, `ready` once AwaitBackup saw it available. */
    backup: z.object({ snapshotId: z.string(), ready: z.boolean(), detail: z.string() }).optional(),
    migration: z.object({ applied: z.array(appliedMigrationSchema), alreadyApplied: z.number() }).optional(),
    /** The rollout of the new release: started by DeployGreen, `stable` once AwaitGreen saw it steady. */
    green: z.object({ stable: z.boolean(), detail: z.string() }).optional(),
    /** Verify's verdict on the bake just finished: `hold` bakes the same step again (success criteria missed). */
    verdict: z.object({ decision: z.enum(['pass', 'hold', 'rollback']), reason: z.string() }).optional(),
    failure: failureSchema.optional(),
    rollback: z
      .object({
        trafficRestored: z.boolean(),
        weights: z.object({ blue: z.number(), green: z.number() }),
        database: z.enum(['none', 'down-scripts', 'awaiting-restore-approval']),
        revertedMigrations: z.array(z.string()),
        reason: z.string(),
        blueServing: z.boolean(),
        /** The snapshot a restore would put back, when the decision is `awaiting-restore-approval`. */
        snapshotId: z.string().optional(),
      })
      .optional(),
    rollbackFailure: failureSchema.optional(),
    /** Where the approved snapshot restore stands (StartRestore / CheckRestore). */
    restore: restoreProgressSchema.optional(),
    /** Why no restore happened: the approver declined, or nobody answered in time. */
    restoreDeclined: failureSchema.optional(),
  })
  .loose();

export type DeployState = z.output<typeof deployStateSchema>;
export type DeploymentContext = z.output<typeof deploymentContextSchema>;
export type TrafficPosition = z.output<typeof trafficPositionSchema>;

/** The input most steps get: `{ "state.$": "$" }`, plus a `phase` for polling steps. */
export const stepInputSchema = z.object({ state: deployStateSchema }).loose();
/**
 * The input of a step that starts slow work and then waits for it without polling (Backup,
 * DeployGreen): `start` begins it; `await` is a `.waitForTaskToken` task that keeps the token
 * for the wait relay (src/handlers/awaited-work.ts); `timed-out` is the last check once the
 * wait's limit has passed.
 */
export const awaitingStepInputSchema = z.discriminatedUnion('phase', [
  z.object({ phase: z.literal('start'), state: deployStateSchema }),
  z.object({
    phase: z.literal('await'),
    taskToken: z.string().min(1),
    /** The wait's limit, as the task's TimeoutSecondsPath reads it. */
    timeoutSeconds: z.number().int().min(1),
    state: deployStateSchema,
  }),
  z.object({ phase: z.literal('timed-out'), state: deployStateSchema }),
]);
/** Input of a `.waitForTaskToken` step. */
export const callbackStepInputSchema = z.object({
  taskToken: z.string().min(1),
  timeoutSeconds: z.number().int().min(1),
  state: deployStateSchema,
});

/**
 * The deployment record's field where Preflight keeps the deployment's frozen state, so that a
 * deployment whose execution ended without closing it can be reconciled from the table alone.
 */
export const deployStateField = 'deployState';

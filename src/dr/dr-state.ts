import * as z from 'zod';
import { serviceBindingSchema } from '../schema/config.ts';
import { defaultRpoMinutes, defaultRtoMinutes } from './dr-schedules.ts';

/**
 * The data that flows through `dr-test.asl.json`. Each Task writes its result under one key
 * (`drill`, `restore`, `integrity`, `verdict`, `cleanup`, `report`) and the next Task reads
 * the keys it needs, validated here at every edge.
 */

/** The execution input: what EventBridge Scheduler sends (lib/dr-schedules.ts), plus optional tuning. */
export const drillRequestSchema = z.object({
  service: z.string().min(1),
  environment: z.string().min(1),
  /** Backup verification checks the latest snapshot (RPO) without restoring; a restore test restores it. */
  drill: z.enum(['backup-verification', 'restore-test']).default('restore-test'),
  rtoMinutes: z.number().positive().default(defaultRtoMinutes),
  rpoMinutes: z.number().positive().default(defaultRpoMinutes),
  /** Tables whose row counts and checksums are compared. @default every table recorded with the snapshot */
  tables: z.array(z.string().min(1)).min(1).optional(),
  /** Allowed row-count difference; 0 also requires equal checksums. */
  rowCountTolerancePercent: z.number().min(0).max(100).default(0),
  includeAutomated: z.boolean().default(true),
  pollSeconds: z.number().int().min(1).default(30),
  /** Bound on the wait for the restore. @default twice the RTO, at most 24 h */
  maxWaitSeconds: z.number().int().min(1).max(86_400).optional(),
});
export type DrillRequest = z.output<typeof drillRequestSchema>;

export const snapshotRefSchema = z.object({
  snapshotId: z.string().min(1),
  createdAtMs: z.number(),
  kind: z.enum(['automated', 'manual']),
});

/** Written by FindSnapshot under `$.drill`: everything the later steps need. */
export const drillSchema = z.object({
  drillId: z.string().min(1),
  service: z.string().min(1),
  environment: z.string().min(1),
  kind: z.enum(['backup-verification', 'restore-test']),
  startedAtMs: z.number(),
  targets: z.object({
    rtoMinutes: z.number().positive(),
    rpoMinutes: z.number().positive(),
    rowCountTolerancePercent: z.number().min(0),
  }),
  tables: z.array(z.string()).nullable(),
  pollSeconds: z.number().int().min(1),
  maxWaitSeconds: z.number().int().min(1),
  binding: serviceBindingSchema,
  snapshot: snapshotRefSchema,
  /** Name of the temporary instance; decided up front so Cleanup can delete it whatever failed. */
  tempId: z.string().min(1),
});
export type Drill = z.output<typeof drillSchema>;

/** Written by StartRestore and CheckRestore under `$.restore`. */
export const restoreProgressSchema = z.object({
  tempId: z.string().min(1),
  startedAtMs: z.number(),
  ready: z.boolean(),
  attempts: z.number().int().min(0),
  waitSeconds: z.number().min(0),
  detail: z.string(),
  readyAtMs: z.number().optional(),
});
export type RestoreProgress = z.output<typeof restoreProgressSchema>;

const tableIntegritySchema = z.object({
  table: z.string(),
  rowCount: z.number(),
  checksum: z.string(),
});

/** Written by VerifyIntegrity under `$.integrity`: observations only, the verdict comes later. */
export const integrityObservationSchema = z.object({
  expected: z.array(tableIntegritySchema).nullable(),
  actual: z.array(tableIntegritySchema),
});
export type IntegrityObservation = z.output<typeof integrityObservationSchema>;

/** A caught error, as Step Functions writes it under ResultPath (`$.failure`, `$.cleanupFailure`). */
export const caughtErrorSchema = z.object({ Error: z.string(), Cause: z.string().optional() });
export type CaughtError = z.output<typeof caughtErrorSchema>;

/** Written by Cleanup under `$.cleanup`. */
export const cleanupResultSchema = z.object({
  status: z.enum(['deleted', 'already-gone', 'nothing-to-delete']),
  tempId: z.string().nullable(),
  detail: z.string(),
});
export type CleanupResult = z.output<typeof cleanupResultSchema>;

/** The bound on the restore wait when the request gives none: twice the RTO, at most 24 h. */
export const defaultMaxWaitSeconds = (rtoMinutes: number): number =>
  Math.min(86_400, Math.ceil(rtoMinutes * 60 * 2));

import type { Colour } from '../ports/colour.ts';
import type { AppliedMigration } from '../ports/database.ts';
import type { EnvironmentConfig, ServiceBinding } from './config.ts';
import type { DeploymentRequest } from './request.ts';

/**
 * The JSON document that flows through `statemachines/deploy.asl.json`.
 * `Preflight` builds it; every later state writes only its own key (its `ResultPath`).
 */
export interface DeployState {
  readonly request: DeploymentRequest;
  readonly deployment: DeploymentContext;
  /** The environment config, frozen at Preflight: a config change mid-deploy does not affect it. */
  readonly config: Omit<EnvironmentConfig, 'services'>;
  readonly binding: ServiceBinding;
  readonly approval: { readonly required: boolean; readonly summary: string };
  readonly backup?: BackupProgress;
  readonly migration?: { readonly applied: readonly AppliedMigration[]; readonly alreadyApplied: number };
  readonly green?: RolloutProgress;
  readonly traffic: TrafficPosition;
  readonly verdict?: { readonly decision: 'pass' | 'rollback'; readonly reason: string };
  /** Set by a `Catch`: what went wrong. */
  readonly failure?: { readonly Error: string; readonly Cause: string };
  readonly rollback?: RollbackReport;
}

export interface DeploymentContext {
  readonly id: string;
  readonly service: string;
  readonly environment: string;
  readonly version: string;
  readonly image: string;
  /** The colour serving users when the deployment started; rollback returns to it. */
  readonly liveColour: Colour;
  /** The idle colour that receives the new version ("green" in the seeds' words). */
  readonly targetColour: Colour;
  /** The version live when the deployment started, or null for a first deployment. */
  readonly liveVersion: string | null;
  readonly startedAtMs: number;
  readonly lockKey: string;
}

export interface BackupProgress {
  readonly snapshotId: string;
  readonly ready: boolean;
  readonly attempts: number;
  readonly waitSeconds: number;
  readonly detail: string;
}

export interface RolloutProgress {
  readonly stable: boolean;
  readonly attempts: number;
  readonly waitSeconds: number;
  readonly detail: string;
}

/** Where the traffic plan stands. `stepIndex` is -1 before the first shift. */
export interface TrafficPosition {
  readonly stepIndex: number;
  readonly stepsTotal: number;
  /** Percent of requests on the target colour. */
  readonly weightPercent: number;
  readonly bakeSeconds: number;
  readonly isFinal: boolean;
  /** When the current bake started; Verify compares the two colours over [bakeStartedAtMs, now]. */
  readonly bakeStartedAtMs: number;
  /** True once any request may have reached the target colour. */
  readonly moved: boolean;
}

export interface RollbackReport {
  readonly trafficRestored: boolean;
  readonly weights: { readonly blue: number; readonly green: number };
  readonly database: 'none' | 'down-scripts' | 'awaiting-restore-approval';
  readonly revertedMigrations: readonly string[];
  readonly reason: string;
  readonly blueServing: boolean;
}

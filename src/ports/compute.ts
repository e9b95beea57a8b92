import type { ServiceBinding } from '../schema/config.ts';
import type { Colour } from './colour.ts';

export interface ComputeStatus {
  /** True once the rollout is complete and every desired task is running (ECS steady state). */
  readonly stable: boolean;
  readonly desiredCount: number;
  readonly runningCount: number;
  /** The version the colour is running or rolling out. */
  readonly version: string | null;
  /** Why it is not stable yet, or why it failed, in words. */
  readonly detail: string;
  /** True when the rollout can no longer succeed (e.g. the circuit breaker tripped). */
  readonly failed: boolean;
}

/** The ECS services behind the two target groups (UpdateService / DescribeServices on AWS). */
export interface Compute {
  /** Starts rolling `image` (tagged `version`) out on `colour`, at `desiredCount` tasks. */
  deploy(
    binding: ServiceBinding,
    colour: Colour,
    release: { image: string; version: string; desiredCount: number },
  ): Promise<void>;
  status(binding: ServiceBinding, colour: Colour): Promise<ComputeStatus>;
  /** Scales `colour` to zero tasks (decommission, or abandoning a failed green). */
  scaleToZero(binding: ServiceBinding, colour: Colour): Promise<void>;
}

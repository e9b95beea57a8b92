/**
 * ALB target-health state, as a pure transition: a target turns healthy after
 * `healthyThreshold` consecutive passing checks and unhealthy after `unhealthyThreshold`
 * consecutive failures; a new target is `initial` until one of the two happens.
 */

/** The state of one target (host). */
export interface TargetState {
  readonly status: 'initial' | 'healthy' | 'unhealthy';
  readonly consecutiveSuccesses: number;
  readonly consecutiveFailures: number;
}

/** Thresholds, as on an ALB target group. */
export interface HealthThresholds {
  readonly healthyThreshold: number;
  readonly unhealthyThreshold: number;
}

export const initialTargetState: TargetState = {
  status: 'initial',
  consecutiveSuccesses: 0,
  consecutiveFailures: 0,
};

/** The state after one health check that passed (`ok`) or failed. */
export function afterCheck(state: TargetState, ok: boolean, thresholds: HealthThresholds): TargetState {
  const consecutiveSuccesses = ok ? state.consecutiveSuccesses + 1 : 0;
  const consecutiveFailures = ok ? 0 : state.consecutiveFailures + 1;
  let status = state.status;
  if (consecutiveSuccesses >= thresholds.healthyThreshold) status = 'healthy';
  if (consecutiveFailures >= thresholds.unhealthyThreshold) status = 'unhealthy';
  return { status, consecutiveSuccesses, consecutiveFailures };
}

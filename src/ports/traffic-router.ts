import type { ServiceBinding } from '../schema/config.ts';
import type { Colour, ListenerWeights } from './colour.ts';

export interface TargetHealth {
  readonly healthy: number;
  readonly unhealthy: number;
  /** Human-readable states of the unhealthy targets, e.g. `10.0.1.7:8080 unhealthy (Target.FailedHealthChecks)`. */
  readonly details: readonly string[];
}

/**
 * The ALB listener's forward action (ModifyListener / DescribeListeners on AWS).
 * Callers set, then read back and compare: a listener that does not hold what we set is a
 * failure, not a success.
 */
export interface TrafficRouter {
  setWeights(binding: ServiceBinding, weights: ListenerWeights): Promise<void>;
  readWeights(binding: ServiceBinding): Promise<ListenerWeights>;
  targetHealth(binding: ServiceBinding, colour: Colour): Promise<TargetHealth>;
  /** Points the test listener (`testListenerArn`) at one colour; nothing to do without one. */
  pointTestListener(binding: ServiceBinding, colour: Colour): Promise<void>;
  /** The colour the test listener forwards to; null when the binding has no test listener. */
  testListenerColour(binding: ServiceBinding): Promise<Colour | null>;
}

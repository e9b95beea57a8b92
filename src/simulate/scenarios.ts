import { InvalidRequestError } from '../errors.ts';
import type { Faults } from '../local-world/http/faults.ts';

export const scenarioNames = [
  'healthy',
  'bad-green-errors',
  'slow-green',
  'green-crash',
  'green-never-healthy',
] as const;
export type ScenarioName = (typeof scenarioNames)[number];

/** What the new version (green) does wrong, in a simulation. */
export interface GreenBehaviour {
  /** Share of app requests answered 500. */
  readonly errorRate: number;
  /** Latency added to every app request, real ms. */
  readonly latencyMs: number;
  /** World seconds after green first gets user traffic at which it crashes; null = never. */
  readonly failAfterSeconds: number | null;
  /** Green's health checks never pass. */
  readonly neverHealthy: boolean;
}

/** Blue's own latency, so "slow" has a baseline to be measured against. */
export const baselineLatencyMs = 20;

const scenarios: Record<ScenarioName, GreenBehaviour & { readonly expected: 'succeeded' | 'rolled-back' }> = {
  healthy: {
    errorRate: 0,
    latencyMs: baselineLatencyMs,
    failAfterSeconds: null,
    neverHealthy: false,
    expected: 'succeeded',
  },
  'bad-green-errors': {
    errorRate: 0.2,
    latencyMs: baselineLatencyMs,
    failAfterSeconds: null,
    neverHealthy: false,
    expected: 'rolled-back',
  },
  'slow-green': {
    errorRate: 0,
    latencyMs: baselineLatencyMs * 5,
    failAfterSeconds: null,
    neverHealthy: false,
    expected: 'rolled-back',
  },
  'green-crash': {
    errorRate: 0,
    latencyMs: baselineLatencyMs,
    failAfterSeconds: 30,
    neverHealthy: false,
    expected: 'rolled-back',
  },
  'green-never-healthy': {
    errorRate: 0,
    latencyMs: baselineLatencyMs,
    failAfterSeconds: null,
    neverHealthy: true,
    expected: 'rolled-back',
  },
};

export function scenario(name: string): GreenBehaviour & { readonly expected: 'succeeded' | 'rolled-back' } {
  // Own keys only: `constructor` or `toString` must not pass for a scenario.
  const found = Object.hasOwn(scenarios, name) ? scenarios[name as ScenarioName] : undefined;
  if (!found) {
    throw new InvalidRequestError(
      `--scenario: unknown scenario "${name}"; choose one of ${scenarioNames.join(', ')}`,
    );
  }
  return found;
}

/** The faults a version runs with: green's misbehaviour for the new version, blue's baseline otherwise. */
export function faultsFor(green: GreenBehaviour, isNewVersion: boolean): Faults {
  if (!isNewVersion) return { latencyMs: baselineLatencyMs };
  return {
    errorRate: green.errorRate,
    latencyMs: green.latencyMs,
    ...(green.neverHealthy ? { neverHealthy: true } : {}),
  };
}

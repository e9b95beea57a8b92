import type { PreTrafficTrial, ServiceBinding, SmokeTest } from '../schema/config.ts';

export interface SmokeResult {
  readonly path: string;
  readonly method: string;
  readonly status: number | null;
  readonly ok: boolean;
  readonly ms: number;
  readonly detail: string;
}

/** What one colour answered during a pre-traffic trial. */
export interface TrialSample {
  readonly requests: number;
  /** 5xx answers and requests with no answer (a 4xx is the app's answer, not a failure). */
  readonly errors: number;
  /** p95 of the round trips, ms; null when nothing answered. */
  readonly p95Ms: number | null;
}

export interface TrialResult {
  /** The idle colour, through the test listener. */
  readonly green: TrialSample;
  /** The live colour, through the production listener; null when no `productionUrl` is configured. */
  readonly blue: TrialSample | null;
  /** World (or real) seconds the trial took. */
  readonly seconds: number;
}

/** Sends smoke tests through the test listener, which always reaches the idle colour (src/core/smoke-tests.ts). */
export interface SmokeTester {
  run(binding: ServiceBinding, tests: readonly SmokeTest[]): Promise<readonly SmokeResult[]>;
  /**
   * Sends smoke tests through the production listener (`trial.productionUrl`): fresh probes of
   * the colour that has all traffic, where the target group's health is a cached view. Callers
   * pass only tests that read (`liveProbesOf`). Null when no production URL is configured.
   */
  runLive(binding: ServiceBinding, tests: readonly SmokeTest[]): Promise<readonly SmokeResult[] | null>;
  /** The pre-traffic trial: paced, interleaved GETs to both colours (see `preTrafficTrialSchema`). */
  trial(binding: ServiceBinding, trial: PreTrafficTrial): Promise<TrialResult>;
}

/**
 * The peers' progressive-delivery policies, as their documentation describes them, so the same
 * seeded bad releases can be run under each in the same simulator. Each is a pure rule: given
 * its state and what it observes at one of its own check times, it shifts, holds, promotes or
 * rolls back, and says why.
 *
 * Defaults, from the peers' docs:
 * - CodeDeploy `CodeDeployDefault.ECSCanary10Percent5Minutes`: 10%, then the rest 5 minutes
 *   later; `ECSLinear10PercentEvery1Minutes`: 10% more every minute. A deployment group rolls
 *   back when one of its alarms is in ALARM (AWS documents no polling interval: reacting at once
 *   is the kindest reading). Once all traffic has shifted the deployment is over.
 * - Flagger: every `interval` (1 m) it checks its metrics over the last minute; a failed check
 *   holds the weight and counts (the count never resets); at `threshold` (5) failed checks the
 *   next check rolls back; a passed check adds `stepWeight` (10) up to `maxWeight` (50), and a
 *   passed check at `maxWeight` promotes. Built-in checks: request-success-rate ≥ 99% and
 *   request-duration (P99) ≤ 500 ms; no data fails a check.
 * - Argo Rollouts: `setWeight: 10`, `pause: 5m`, `setWeight: 50`, `pause: 5m`, `setWeight: 100`,
 *   with a background analysis measured at once and then every `interval` (1 m): success rate
 *   (`irate` over 5 m) ≥ 0.95, failing when more than `failureLimit` (3) measurements fail. A
 *   measurement with no data is an error, not a failure.
 */

export type PolicyDecision =
  | { readonly kind: 'shift'; readonly canaryPercent: number; readonly reason: string }
  | { readonly kind: 'hold'; readonly reason: string }
  | { readonly kind: 'promote'; readonly reason: string }
  | { readonly kind: 'rollback'; readonly reason: string };

/** What a policy can see at a check. */
export interface PolicyObservation {
  /** World seconds since the first shift of traffic. */
  readonly elapsedSeconds: number;
  /** CodeDeploy: the names of the deployment group's alarms now in ALARM. */
  readonly alarmsInAlarm: readonly string[];
  /** Flagger: success rate (share) and P99 (ms) of the canary over the last minute; null without data. */
  readonly lastMinute: { readonly successRate: number | null; readonly p99Ms: number | null };
  /** Argo: success rate from `irate` (the last two scrapes); null without data. */
  readonly instantSuccessRate: number | null;
}

export interface PeerPolicy<State> {
  readonly name: string;
  /** How its detection sees the world: the period of the metric it judges on, seconds. */
  readonly metricPeriodSeconds: number;
  /** How often it looks, world seconds. */
  readonly checkEverySeconds: number;
  /** Where it reads: CloudWatch alarms or Prometheus. */
  readonly reads: 'alarms' | 'prometheus';
  /** The first shift, at elapsed 0, and the state it starts from. */
  start(): { readonly state: State; readonly decision: PolicyDecision };
  check(
    state: State,
    observation: PolicyObservation,
  ): { readonly state: State; readonly decision: PolicyDecision };
}

const alarmRollback = (observation: PolicyObservation): PolicyDecision | undefined =>
  observation.alarmsInAlarm.length > 0
    ? { kind: 'rollback', reason: `alarm ${observation.alarmsInAlarm.join(', ')} in ALARM` }
    : undefined;

/** `CodeDeployDefault.ECSCanary10Percent5Minutes`. */
export const codeDeployCanary: PeerPolicy<null> = {
  name: 'CodeDeploy canary 10% / 5 min',
  metricPeriodSeconds: 60,
  checkEverySeconds: 1,
  reads: 'alarms',
  start: () => ({ state: null, decision: { kind: 'shift', canaryPercent: 10, reason: 'canary 10%' } }),
  check: (state, observation) => ({
    state,
    decision:
      alarmRollback(observation) ??
      (observation.elapsedSeconds >= 300
        ? { kind: 'promote', reason: '5 minutes at 10% without an alarm: the rest of the traffic' }
        : { kind: 'hold', reason: 'canary interval' }),
  }),
};

/** `CodeDeployDefault.ECSLinear10PercentEvery1Minutes`. */
export const codeDeployLinear: PeerPolicy<{ readonly percent: number }> = {
  name: 'CodeDeploy linear 10% / 1 min',
  metricPeriodSeconds: 60,
  checkEverySeconds: 1,
  reads: 'alarms',
  start: () => ({
    state: { percent: 10 },
    decision: { kind: 'shift', canaryPercent: 10, reason: 'first 10%' },
  }),
  check(state, observation) {
    const rollback = alarmRollback(observation);
    if (rollback) return { state, decision: rollback };
    const due = Math.min(100, 10 * (1 + Math.floor(observation.elapsedSeconds / 60)));
    if (due === state.percent) return { state, decision: { kind: 'hold', reason: 'linear interval' } };
    if (due === 100)
      return { state: { percent: 100 }, decision: { kind: 'promote', reason: '100% after 9 minutes' } };
    return { state: { percent: due }, decision: { kind: 'shift', canaryPercent: due, reason: `${due}%` } };
  },
};

export interface FlaggerSettings {
  readonly stepWeight: number;
  readonly maxWeight: number;
  readonly threshold: number;
  readonly minSuccessRatePercent: number;
  readonly maxP99Ms: number;
}

/** The analysis of Flagger's docs: stepWeight 10, maxWeight 50, interval 1 m, threshold 5. */
export const flaggerDefaults: FlaggerSettings = {
  stepWeight: 10,
  maxWeight: 50,
  threshold: 5,
  minSuccessRatePercent: 99,
  maxP99Ms: 500,
};

export function flagger(
  settings: FlaggerSettings = flaggerDefaults,
): PeerPolicy<{ readonly weight: number; readonly failedChecks: number }> {
  return {
    name: 'Flagger (docs defaults)',
    metricPeriodSeconds: 60,
    checkEverySeconds: 60,
    reads: 'prometheus',
    start: () => ({
      state: { weight: settings.stepWeight, failedChecks: 0 },
      decision: {
        kind: 'shift',
        canaryPercent: settings.stepWeight,
        reason: `stepWeight ${settings.stepWeight}%`,
      },
    }),
    check(state, observation) {
      if (state.failedChecks >= settings.threshold) {
        return {
          state,
          decision: { kind: 'rollback', reason: `${state.failedChecks} failed checks reached the threshold` },
        };
      }
      const failure = flaggerCheckFailure(settings, observation.lastMinute);
      if (failure) {
        return {
          state: { ...state, failedChecks: state.failedChecks + 1 },
          decision: { kind: 'hold', reason: `check failed (${state.failedChecks + 1}): ${failure}` },
        };
      }
      if (state.weight < settings.maxWeight) {
        const weight = Math.min(settings.maxWeight, state.weight + settings.stepWeight);
        return {
          state: { ...state, weight },
          decision: { kind: 'shift', canaryPercent: weight, reason: 'checks passed' },
        };
      }
      return {
        state,
        decision: { kind: 'promote', reason: `checks passed at maxWeight ${settings.maxWeight}%` },
      };
    },
  };
}

function flaggerCheckFailure(
  settings: FlaggerSettings,
  lastMinute: PolicyObservation['lastMinute'],
): string | undefined {
  if (lastMinute.successRate === null || lastMinute.p99Ms === null) return 'no values found';
  if (lastMinute.successRate * 100 < settings.minSuccessRatePercent)
    return `request-success-rate ${(lastMinute.successRate * 100).toFixed(2)}% < ${settings.minSuccessRatePercent}%`;
  if (lastMinute.p99Ms > settings.maxP99Ms)
    return `request-duration ${lastMinute.p99Ms.toFixed(0)} ms > ${settings.maxP99Ms} ms`;
  return undefined;
}

export interface ArgoSettings {
  /** `setWeight` steps, each followed by a pause of `pauseSeconds` (the last one by none). */
  readonly weights: readonly number[];
  readonly pauseSeconds: number;
  readonly failureLimit: number;
  /** More consecutive measurement errors (no data) than this also aborts. Argo's default: 4. */
  readonly consecutiveErrorLimit: number;
  readonly minSuccessRate: number;
}

export const argoDefaults: ArgoSettings = {
  weights: [10, 50, 100],
  pauseSeconds: 300,
  failureLimit: 3,
  consecutiveErrorLimit: 4,
  minSuccessRate: 0.95,
};

interface ArgoState {
  readonly step: number;
  readonly failed: number;
  readonly consecutiveErrors: number;
}

export function argoRollouts(settings: ArgoSettings = argoDefaults): PeerPolicy<ArgoState> {
  const first = settings.weights[0] as number;
  const measure = (state: ArgoState, rate: number | null): ArgoState =>
    rate === null
      ? { ...state, consecutiveErrors: state.consecutiveErrors + 1 }
      : { ...state, consecutiveErrors: 0, failed: state.failed + (rate < settings.minSuccessRate ? 1 : 0) };
  return {
    name: 'Argo Rollouts (docs example)',
    metricPeriodSeconds: 60,
    checkEverySeconds: 60,
    reads: 'prometheus',
    start: () => ({
      // The background analysis measures at once: the canary has no series yet, an error.
      state: { step: 0, failed: 0, consecutiveErrors: 1 },
      decision: { kind: 'shift', canaryPercent: first, reason: `setWeight ${first}` },
    }),
    check(state, observation) {
      const measured = measure(state, observation.instantSuccessRate);
      if (measured.failed > settings.failureLimit) {
        const reason = `${measured.failed} failed measurements exceed failureLimit ${settings.failureLimit}`;
        return { state: measured, decision: { kind: 'rollback', reason } };
      }
      if (measured.consecutiveErrors > settings.consecutiveErrorLimit) {
        const reason = `${measured.consecutiveErrors} consecutive measurement errors exceed consecutiveErrorLimit ${settings.consecutiveErrorLimit}`;
        return { state: measured, decision: { kind: 'rollback', reason } };
      }
      const step = Math.min(
        settings.weights.length - 1,
        Math.floor(observation.elapsedSeconds / settings.pauseSeconds),
      );
      if (step === state.step) return { state: measured, decision: { kind: 'hold', reason: 'pause' } };
      const weight = settings.weights[step] as number;
      if (weight >= 100)
        return { state: { ...measured, step }, decision: { kind: 'promote', reason: 'setWeight 100' } };
      return {
        state: { ...measured, step },
        decision: { kind: 'shift', canaryPercent: weight, reason: `setWeight ${weight}` },
      };
    },
  };
}

export const peerPolicies = [codeDeployCanary, codeDeployLinear, flagger(), argoRollouts()] as const;

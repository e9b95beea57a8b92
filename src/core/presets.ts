/**
 * Config fragments that reproduce the procedures in `shared/seeds/` (see its README).
 * Each is deeply frozen: copy before changing (`structuredClone(seed003TrafficPlan)`).
 */
import type { EnvironmentConfig, TrafficStep, VerifyThresholds, Windows } from '../schema/config.ts';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * Seed 000 §4.2 (release types): Major → Full CAB, Minor → Team lead, Patch → Manager,
 * Hotfix → Manager + CISO. "Full CAB" is one decision of the board, recorded by whoever
 * chairs it, so it is one approval from role `cab`; raise `count` if each member signs.
 */
export const seed000Approvals: EnvironmentConfig['approvals'] = deepFreeze({
  major: [{ role: 'cab', count: 1 }],
  minor: [{ role: 'team-lead', count: 1 }],
  patch: [{ role: 'manager', count: 1 }],
  hotfix: [
    { role: 'manager', count: 1 },
    { role: 'ciso', count: 1 },
  ],
});

/**
 * Seed 000 §4.2/§4.3 (release types and schedule): production deploys Thursday 10 PM, so
 * major releases (window "Planned maintenance") get Thursday 22:00 for 2 hours; minor
 * releases ("Low-traffic period") get every night 22:00–06:00; patch ("Anytime with
 * notice") and hotfix ("Immediate") deploy at any time. The seed names no time zone: set
 * `timeZone` to the one the schedule is written in.
 */
export const seed000Windows: Windows = deepFreeze({
  timeZone: 'UTC',
  named: {
    'planned-maintenance': [{ days: ['thu'], start: '22:00', durationMinutes: 120 }],
    'low-traffic': [
      { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: '22:00', durationMinutes: 8 * 60 },
    ],
  },
  byReleaseType: { major: 'planned-maintenance', minor: 'low-traffic', patch: 'anytime', hotfix: 'anytime' },
  freezes: [],
});

/**
 * Seed 002, "Production Deployment → Authorization Requirements": Change Advisory Board,
 * Security Team and Compliance Team for every production release, plus C-level (executive)
 * approval for major releases. "Emergency Deployments: Executive authorization with
 * documented justification" (Deployment Window): a hotfix takes the executive alone, as the
 * seed says; add the others to its list if your procedure keeps them.
 */
export const seed002ProductionApprovals: EnvironmentConfig['approvals'] = deepFreeze({
  major: [
    { role: 'cab', count: 1 },
    { role: 'security', count: 1 },
    { role: 'compliance', count: 1 },
    { role: 'executive', count: 1 },
  ],
  minor: [
    { role: 'cab', count: 1 },
    { role: 'security', count: 1 },
    { role: 'compliance', count: 1 },
  ],
  patch: [
    { role: 'cab', count: 1 },
    { role: 'security', count: 1 },
    { role: 'compliance', count: 1 },
  ],
  hotfix: [{ role: 'executive', count: 1 }],
});

/** Seed 003, Steps 4–6 (T-10 min → T-0): 10% → 50% → 100%, each watched for 5 minutes. */
export const seed003TrafficPlan: TrafficStep[] = deepFreeze([
  { weightPercent: 10, bakeSeconds: 300 },
  { weightPercent: 50, bakeSeconds: 300 },
  { weightPercent: 100, bakeSeconds: 300 },
]);

/**
 * Seed 003, "Rollback Plan → Immediate Rollback": error rate > 5%, performance degradation
 * > 50%; "Alert Thresholds → critical": latency_p95 > 500ms. It has no health-check or
 * comparative error rule, so those keep the seed 000 values (3 failures, +5 points).
 */
export const seed003Verify: VerifyThresholds = deepFreeze({
  consecutiveHealthCheckFailures: 3,
  maxErrorRateIncreasePoints: 5,
  maxErrorRatePercent: 5,
  maxLatencyIncreasePercent: 50,
  maxP95Ms: 500,
  latencyNoiseFloorMs: 20,
  minRequests: 50,
  onInsufficientData: 'rollback',
});

/**
 * Seed 000 §6.1 (automatic rollback triggers): 3 consecutive health-check failures, error
 * rate up by more than 5%, response time up by more than 300%; §10.2: p95 over 2 seconds.
 * Seed 000 has no absolute error-rate ceiling for rollback; 5% (seed 003) stays as the
 * safety net that also covers a first deployment, when there is no blue to compare with.
 */
export const seed000Verify: VerifyThresholds = deepFreeze({
  consecutiveHealthCheckFailures: 3,
  maxErrorRateIncreasePoints: 5,
  maxErrorRatePercent: 5,
  maxLatencyIncreasePercent: 300,
  maxP95Ms: 2000,
  latencyNoiseFloorMs: 20,
  minRequests: 50,
  onInsufficientData: 'rollback',
});

/** Seed 001 §Blue/Green step 3: blue is retained as a hot standby for at least 48 hours. */
export const seed001StandbySeconds = 48 * 3600;

/** Seed 003, Step 8: blue is decommissioned at T+60 min. */
export const seed003StandbySeconds = 60 * 60;

/**
 * Plausible timelines for the report tests and for looking at the report: a canary that
 * goes bad at 50% and is rolled back, a clean success, and degenerate inputs. Built from a
 * seeded generator, so every call returns the same data.
 */

import type {
  SimulationSummary,
  SimulationTimeline,
  TimelineMarker,
  TimelineSample,
} from '../../src/report/timeline.ts';

/** 2026-11-22T03:00:00Z: a fixed start keeps the fixtures deterministic. */
export const FIXTURE_START_MS = Date.UTC(2026, 10, 22, 3, 0, 0);

/** A tiny deterministic generator (LCG) for noise in the fixtures. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

interface Phase {
  readonly fromSecond: number;
  readonly greenWeight: number;
  readonly greenErrorRate: number;
}

function samplesFor(phases: readonly Phase[], seconds: number, rps: number, seed: number): TimelineSample[] {
  const random = seeded(seed);
  const samples: TimelineSample[] = [];
  for (let second = 0; second < seconds; second++) {
    const phase = [...phases].reverse().find((p) => p.fromSecond <= second) ?? phases[0]!;
    const green = Math.round((rps * phase.greenWeight) / 100);
    const blue = rps - green;
    const noise = phase.greenErrorRate > 0 ? (random() - 0.5) * green * 0.1 : 0;
    const greenFailed = Math.round(green * phase.greenErrorRate + noise);
    samples.push({
      atMs: FIXTURE_START_MS + second * 1000,
      weights: { blue: 100 - phase.greenWeight, green: phase.greenWeight },
      requests: { blue, green },
      failed: { blue: 0, green: Math.max(0, Math.min(green, greenFailed)), unknown: 0 },
      p95Ms: {
        blue: blue > 0 ? Math.round((38 + random() * 5) * 10) / 10 : null,
        green:
          green > 0 ? Math.round((42 + random() * 6 + (phase.greenErrorRate > 0 ? 4 : 0)) * 10) / 10 : null,
      },
    });
  }
  return samples;
}

function marker(second: number, label: string, kind: TimelineMarker['kind'] = 'state'): TimelineMarker {
  return { atMs: FIXTURE_START_MS + second * 1000, label, kind };
}

const OPENING: readonly TimelineMarker[] = [
  marker(0, 'Preflight'),
  marker(2, 'Backup'),
  marker(6, 'Migrate'),
  marker(9, 'DeployGreen'),
  marker(16, 'VerifyGreen'),
  marker(20, 'ShiftWeight 10%'),
  marker(21, 'Bake 30 s'),
  marker(50, 'Verify'),
  marker(51, 'ShiftWeight 50%'),
  marker(52, 'Bake 30 s'),
];

const BASE_SUMMARY: SimulationSummary = {
  scenario: 'canary-errors',
  outcome: 'rolled-back',
  service: 'checkout',
  fromVersion: 'v1.41.0',
  toVersion: 'v1.42.0',
  plan: [
    { weightPercent: 10, bakeSeconds: 30 },
    { weightPercent: 50, bakeSeconds: 30 },
    { weightPercent: 100, bakeSeconds: 0 },
  ],
  rps: 50,
  worldSeconds: 120,
  requestsSent: 6000,
  requestsScheduled: 6000,
  notSent: 0,
  failed: { blue: 0, green: 0, unknown: 0 },
  timeToDetectSeconds: null,
  caughtBeforeTraffic: false,
  timeToRestoreSeconds: null,
  theoreticalMinimumFailed: null,
  detectionPeriodSeconds: 10,
  transitions: 0,
  wall: { seconds: 0, requestsPerSecond: 0 },
  database: { rowsBefore: 1000, rowsAfter: 1000, acknowledgedWrites: 0, lost: 0 },
};

function sum(samples: readonly TimelineSample[], pick: (s: TimelineSample) => number): number {
  return samples.reduce((total, s) => total + pick(s), 0);
}

/**
 * 120 world seconds: 0% → 10% (healthy) → 50%, where green fails 20% of its requests; the
 * 5xx alarm fires 18 s later, the rollback puts blue back to 100% in 2 s, and the load keeps
 * running on blue until the end.
 */
export function rolledBackTimeline(
  overrides: { readonly markers?: readonly TimelineMarker[] } = {},
): SimulationTimeline {
  const samples = samplesFor(
    [
      { fromSecond: 0, greenWeight: 0, greenErrorRate: 0 },
      { fromSecond: 20, greenWeight: 10, greenErrorRate: 0 },
      { fromSecond: 51, greenWeight: 50, greenErrorRate: 0.2 },
      { fromSecond: 72, greenWeight: 0, greenErrorRate: 0 },
    ],
    120,
    50,
    42,
  );
  const failedGreen = sum(samples, (s) => s.failed.green);
  const markers = overrides.markers ?? [
    ...OPENING,
    marker(69, 'green-5xx-rate ALARM', 'alarm'),
    marker(70, 'Rollback: alarm green-5xx-rate', 'rollback'),
    marker(70, 'Rollback'),
    marker(72, 'CheckBlue'),
    marker(73, 'DecideDatabaseAction'),
    marker(74, 'NotifyRollback'),
    marker(76, 'ReleaseLock'),
    marker(77, 'rolled back', 'outcome'),
  ];
  return {
    audit: [],
    startedAtMs: FIXTURE_START_MS,
    endedAtMs: FIXTURE_START_MS + 120_000,
    milestones: {
      firstShiftAtMs: FIXTURE_START_MS + 20_000,
      crashAtMs: null,
      rollbackAtMs: FIXTURE_START_MS + 70_000,
      restoredAtMs: FIXTURE_START_MS + 72_000,
    },
    samples,
    markers,
    summary: {
      ...BASE_SUMMARY,
      error: 'AlarmFiredError',
      cause: 'Alarm green-5xx-rate went to ALARM: 5xx rate 19.6% > 5% for 3 of 3 datapoints',
      requestsSent: sum(samples, (s) => s.requests.blue + s.requests.green),
      failed: { blue: 0, green: failedGreen, unknown: 0 },
      timeToDetectSeconds: 19,
      caughtBeforeTraffic: false,
      timeToRestoreSeconds: 2,
      theoreticalMinimumFailed: 0.5 * 0.2 * 50 * 19,
      transitions: 41,
      wall: { seconds: 7.4, requestsPerSecond: 811 },
      database: { rowsBefore: 1000, rowsAfter: 1612, acknowledgedWrites: 612, lost: 0 },
    },
  };
}

/** 100 world seconds: 10% → 50% → 100%, no failures. */
export function succeededTimeline(): SimulationTimeline {
  const samples = samplesFor(
    [
      { fromSecond: 0, greenWeight: 0, greenErrorRate: 0 },
      { fromSecond: 20, greenWeight: 10, greenErrorRate: 0 },
      { fromSecond: 51, greenWeight: 50, greenErrorRate: 0 },
      { fromSecond: 82, greenWeight: 100, greenErrorRate: 0 },
    ],
    100,
    50,
    7,
  );
  return {
    audit: [],
    startedAtMs: FIXTURE_START_MS,
    endedAtMs: FIXTURE_START_MS + 100_000,
    milestones: {
      firstShiftAtMs: FIXTURE_START_MS + 20_000,
      crashAtMs: null,
      rollbackAtMs: null,
      restoredAtMs: null,
    },
    samples,
    markers: [
      ...OPENING,
      marker(81, 'Verify'),
      marker(82, 'Promote'),
      marker(95, 'Finish'),
      marker(99, 'succeeded', 'outcome'),
    ],
    summary: {
      ...BASE_SUMMARY,
      scenario: 'healthy',
      outcome: 'succeeded',
      requestsSent: sum(samples, (s) => s.requests.blue + s.requests.green),
      transitions: 36,
      wall: { seconds: 6.2, requestsPerSecond: 806 },
      database: { rowsBefore: 1000, rowsAfter: 1480, acknowledgedWrites: 480, lost: 0 },
    },
  };
}

const NO_MILESTONES = { firstShiftAtMs: null, crashAtMs: null, rollbackAtMs: null, restoredAtMs: null };

/** No samples and no markers: a run that failed before any traffic. */
export function emptyTimeline(): SimulationTimeline {
  return {
    audit: [],
    startedAtMs: FIXTURE_START_MS,
    endedAtMs: FIXTURE_START_MS,
    milestones: NO_MILESTONES,
    samples: [],
    markers: [],
    summary: {
      ...BASE_SUMMARY,
      outcome: 'failed',
      error: 'PreflightError',
      cause: 'deployment window closed',
    },
  };
}

/** One sample whose p95 is missing for both colours and nothing was served. */
export function singleSampleTimeline(): SimulationTimeline {
  return {
    audit: [],
    startedAtMs: FIXTURE_START_MS,
    endedAtMs: FIXTURE_START_MS + 1000,
    milestones: NO_MILESTONES,
    samples: [
      {
        atMs: FIXTURE_START_MS,
        weights: { blue: 100, green: 0 },
        requests: { blue: 0, green: 0 },
        failed: { blue: 0, green: 0, unknown: 0 },
        p95Ms: { blue: null, green: null },
      },
    ],
    markers: [marker(0, 'Preflight')],
    summary: { ...BASE_SUMMARY, outcome: 'failed', requestsSent: 0 },
  };
}

import { highResolutionPeriodSeconds } from '../core/alarm-definitions.ts';
import { percentile } from '../core/percentile.ts';
import { causeMessage } from '../handlers/failure-text.ts';
import type { LoadSummary, ResponseRecord } from '../local-world/http/load-generator.ts';
import type { LocalWorld } from '../local-world/world.ts';
import type {
  DatabaseCheck,
  SimulationTimeline,
  TimelineMarker,
  TimelineSample,
} from '../report/timeline.ts';
import type { ExecutionRecord } from '../runtime/local-step-functions.ts';
import type { SimulationOptions } from './run-simulation.ts';

interface TimelineInput {
  readonly options: SimulationOptions;
  readonly world: LocalWorld;
  readonly execution: ExecutionRecord;
  readonly load: { readonly summary: LoadSummary; readonly results: readonly ResponseRecord[] };
  readonly startedAtMs: number;
  readonly endedAtMs: number;
  readonly database: DatabaseCheck;
  readonly wallSeconds: number;
  readonly fromVersion: string;
  readonly toVersion: string;
  readonly crashAtMs: number | null;
}

/** States worth a line on the chart; polls, choices and notifications would only clutter it. */
const chartedStates = new Set([
  'Preflight',
  'StartBackup',
  'Migrate',
  'DeployGreen',
  'VerifyGreen',
  'ShiftWeight',
  'Verify',
  'Promote',
  'Standby',
  'DecommissionBlue',
  'Rollback',
]);

const baselineShownSeconds = 10;
const isFailure = (r: ResponseRecord): boolean => r.status === null || r.status >= 500;

/** Turns what the simulation observed into the report's timeline and summary. */
export async function buildTimeline(input: TimelineInput): Promise<SimulationTimeline> {
  const { world, execution, options } = input;
  const timelineStart = input.startedAtMs - baselineShownSeconds * 1000;

  const audit = await world.ports.store.listAudit(execution.name);
  const weightChanges = audit
    .filter((event) => event.type === 'weights.changed')
    .map((event) => ({
      atMs: event.atMs,
      green: Number(event.detail.green),
      rollback: event.detail.rollback === true,
    }));

  const stateEvents = execution.history
    .all()
    .filter((event) => event.type.endsWith('StateEntered'))
    .map((event) => ({
      atMs: event.timestamp,
      name: (event.stateEnteredEventDetails as { name: string }).name,
    }));
  const rollbackAtMs = stateEvents.find((event) => event.name === 'Rollback')?.atMs ?? null;

  const markers: TimelineMarker[] = [
    ...stateEvents
      .filter((event) => chartedStates.has(event.name))
      .map((event) => ({
        atMs: event.atMs,
        label: event.name,
        kind: event.name === 'Rollback' ? ('rollback' as const) : ('state' as const),
      })),
    ...world.alarms
      .history()
      .filter((item) => item.Timestamp && (item.HistoryData ?? '').includes('"newState":{"value":"ALARM"'))
      .map((item) => ({
        atMs: item.Timestamp?.getTime() ?? 0,
        label: `${item.AlarmName} ALARM`,
        kind: 'alarm' as const,
      })),
  ]
    .filter((marker) => marker.atMs >= timelineStart)
    .sort((a, b) => a.atMs - b.atMs);
  const outcome =
    execution.status === 'SUCCEEDED' ? 'succeeded' : rollbackAtMs !== null ? 'rolled-back' : 'failed';
  markers.push({ atMs: input.endedAtMs, label: outcome, kind: 'outcome' });

  const samples = perSecondSamples(input.load.results, weightChanges, timelineStart, input.endedAtMs);
  // The earliest by send time, not the first recorded: responses due together end in any order.
  const greenFailures = input.load.results.filter((r) => r.colour === 'green' && isFailure(r));
  const firstGreenFailureMs = greenFailures.length ? Math.min(...greenFailures.map((r) => r.atMs)) : null;
  const firstShiftMs = weightChanges.find((change) => change.green > 0)?.atMs ?? null;
  const detectFromMs = firstGreenFailureMs ?? firstShiftMs;
  const restoredAtMs = weightChanges.find((change) => change.rollback)?.atMs ?? null;

  const canaryShare = (options.plan[0]?.weightPercent ?? 0) / 100;
  const greenErrorRate = options.green.failAfterSeconds !== null ? 1 : options.green.errorRate;
  const detectionPeriodSeconds = world.config.alarms.highResolutionNamespace
    ? highResolutionPeriodSeconds
    : world.config.alarms.periodSeconds;
  const { summary: load } = input.load;

  return {
    startedAtMs: timelineStart,
    endedAtMs: input.endedAtMs,
    milestones: { firstShiftAtMs: firstShiftMs, crashAtMs: input.crashAtMs, rollbackAtMs, restoredAtMs },
    samples,
    markers,
    audit,
    summary: {
      scenario: options.scenario,
      outcome,
      ...(execution.error ? { error: execution.error } : {}),
      ...(execution.cause ? { cause: causeMessage(execution.cause) } : {}),
      service: 'shop',
      fromVersion: input.fromVersion,
      toVersion: input.toVersion,
      plan: options.plan,
      rps: options.rps,
      worldSeconds: load.worldSeconds,
      requestsSent: load.sent,
      requestsScheduled: load.scheduled,
      notSent: load.notSent,
      failed: load.failedByColour,
      timeToDetectSeconds:
        rollbackAtMs !== null && detectFromMs !== null
          ? Math.max(0, (rollbackAtMs - detectFromMs) / 1000)
          : null,
      caughtBeforeTraffic: rollbackAtMs !== null && firstShiftMs === null,
      timeToRestoreSeconds:
        rollbackAtMs !== null && restoredAtMs !== null
          ? Math.max(0, (restoredAtMs - rollbackAtMs) / 1000)
          : null,
      // What no detector could avoid: the canary's failures during one period of its fastest metric.
      theoreticalMinimumFailed:
        rollbackAtMs !== null && greenErrorRate > 0 && firstShiftMs !== null
          ? canaryShare * greenErrorRate * options.rps * detectionPeriodSeconds
          : null,
      detectionPeriodSeconds,
      transitions: execution.history.transitions(),
      database: input.database,
      wall: { seconds: input.wallSeconds, requestsPerSecond: load.sent / Math.max(input.wallSeconds, 1e-3) },
    },
  };
}

function perSecondSamples(
  results: readonly ResponseRecord[],
  weightChanges: readonly { atMs: number; green: number }[],
  startMs: number,
  endMs: number,
): TimelineSample[] {
  const seconds = Math.max(1, Math.ceil((endMs - startMs) / 1000));
  const buckets = Array.from({ length: seconds }, () => ({
    requests: { blue: 0, green: 0 },
    failed: { blue: 0, green: 0, unknown: 0 },
    latencies: { blue: [] as number[], green: [] as number[] },
  }));
  for (const r of results) {
    const bucket = buckets[Math.floor((r.atMs - startMs) / 1000)];
    if (!bucket) continue;
    if (r.colour) {
      bucket.requests[r.colour] += 1;
      if (r.status !== null) bucket.latencies[r.colour].push(r.latencyMs);
    }
    if (isFailure(r)) bucket.failed[r.colour ?? 'unknown'] += 1;
  }
  let changeIndex = 0;
  let green = 0;
  return buckets.map((bucket, index) => {
    const atMs = startMs + index * 1000;
    while (
      changeIndex < weightChanges.length &&
      (weightChanges[changeIndex]?.atMs ?? Number.POSITIVE_INFINITY) < atMs + 1000
    ) {
      green = weightChanges[changeIndex]?.green ?? green;
      changeIndex += 1;
    }
    return {
      atMs,
      weights: { blue: 100 - green, green },
      requests: bucket.requests,
      failed: bucket.failed,
      p95Ms: { blue: p95(bucket.latencies.blue), green: p95(bucket.latencies.green) },
    };
  });
}

const p95 = (values: readonly number[]): number | null => (values.length ? percentile(values, 95) : null);

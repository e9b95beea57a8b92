import { allOrderIds } from '../local-world/db/app-schema.ts';
import type { SqlDatabase } from '../local-world/db/sql-database.ts';
import { startLoad } from '../local-world/http/load-generator.ts';
import { localEnvironment, localService, startLocalWorld } from '../local-world/world.ts';
import { localAlarmPeriodSeconds } from '../local-world/world-alarms.ts';
import type { Migrator } from '../ports/database.ts';
import type { ProgressSnapshot } from '../report/terminal.ts';
import type { SimulationTimeline } from '../report/timeline.ts';
import type { TrafficStep, VerifyThresholds } from '../schema/config.ts';
import { buildTimeline } from './build-timeline.ts';
import { faultsFor, type GreenBehaviour, type ScenarioName } from './scenarios.ts';

export interface SimulationOptions {
  readonly scenario: ScenarioName;
  readonly green: GreenBehaviour;
  /** Requests per real second. */
  readonly rps: number;
  readonly plan: readonly TrafficStep[];
  readonly standbySeconds: number;
  readonly timeScale: number;
  readonly seed: number;
  readonly databaseUrl?: string;
  readonly verify?: Partial<VerifyThresholds>;
  /** Binds the Migrate step; the release then carries `migrationsDir`. */
  readonly migrator?: (db: SqlDatabase) => Migrator;
  readonly migrationsDir?: string;
  /** World seconds of traffic on blue alone before the deployment starts (the baseline). */
  readonly warmUpSeconds?: number;
  readonly onProgress?: (progress: ProgressSnapshot) => void;
}

export const fromVersion = '1.0.0';
export const toVersion = '1.1.0';

/**
 * One real deployment on the local world: traffic flows from the first second to the last, the
 * real workflow runs, and what happened is measured from the outside (every response) and the
 * inside (audit trail, execution history, alarm history).
 */
export async function runSimulation(options: SimulationOptions): Promise<SimulationTimeline> {
  const wallStart = performance.now();
  const world = await startLocalWorld({
    timeScale: options.timeScale,
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    liveVersion: fromVersion,
    seed: options.seed,
    behaviour: (version) => faultsFor(options.green, version === toVersion),
    ...(options.migrator ? { migrator: options.migrator } : {}),
    config: {
      trafficPlan: [...options.plan],
      standbySeconds: options.standbySeconds,
      // Seed 003's thresholds: error rate over 5% or performance degraded by over 50% rolls back.
      verify: { maxErrorRatePercent: 5, maxLatencyIncreasePercent: 50, maxP95Ms: 500, ...options.verify },
      backup: { enabled: true, pollSeconds: 5, maxWaitSeconds: 600, retentionDays: 7 },
      deployGreen: { pollSeconds: 5, maxWaitSeconds: 120 },
      contact: 'ops@localhost (greenlight simulate)',
    },
  });
  let stopProgress: () => void = () => undefined;
  try {
    await world.health.checkNow();
    await world.health.checkNow();
    const load = startLoad({
      url: world.router.productionUrl,
      rps: options.rps,
      writeRatio: 0.1,
      clock: world.clock,
    });
    await world.clock.sleep((options.warmUpSeconds ?? 30) * 1000);

    const idsBefore = await allOrderIds(world.db);
    const startedAtMs = world.clock.nowMs();
    const execution = world.sfn.startExecution({
      stateMachineArn: world.deployStateMachineArn,
      name: `simulate-${options.scenario}-${options.seed}`,
      input: JSON.stringify({
        service: localService,
        environment: localEnvironment,
        version: toVersion,
        image: `local/${localService}:${toVersion}`,
        releaseType: 'minor',
        changeRequestId: 'CHG-1',
        requestedBy: 'greenlight simulate',
        ...(options.migrator && options.migrationsDir
          ? { migrations: { location: options.migrationsDir } }
          : {}),
      }),
    });

    const crash = scheduleCrash(world, options.green);
    stopProgress = reportProgress(world, execution.history, load, startedAtMs, options.onProgress);
    const finished = await execution.finished;
    crash.cancel();
    // One more alarm period of traffic, so the chart shows what users saw after the last step.
    await world.clock.sleep(localAlarmPeriodSeconds * 1000);
    const summary = await load.stop();
    stopProgress();
    const idsAfter = new Set(await allOrderIds(world.db));

    return buildTimeline({
      options,
      world,
      execution: finished,
      load: { summary, results: load.results() },
      startedAtMs,
      endedAtMs: world.clock.nowMs(),
      database: {
        rowsBefore: idsBefore.length,
        rowsAfter: idsAfter.size,
        acknowledgedWrites: summary.writesAcknowledged.length,
        lost: [...idsBefore, ...summary.writesAcknowledged].filter((id) => !idsAfter.has(id)).length,
      },
      wallClockSeconds: (performance.now() - wallStart) / 1000,
      fromVersion,
      toVersion,
      alarmPeriodSeconds: localAlarmPeriodSeconds,
    });
  } finally {
    stopProgress();
    await world.close();
  }
}

/** green-crash: green dies `failAfterSeconds` (world) after it first gets user traffic. */
function scheduleCrash(
  world: Awaited<ReturnType<typeof startLocalWorld>>,
  green: GreenBehaviour,
): { cancel(): void } {
  if (green.failAfterSeconds === null) return { cancel: () => undefined };
  const controller = new AbortController();
  const watch = setInterval(async () => {
    const weights = await world.router.readWeights();
    if (weights.green === 0) return;
    clearInterval(watch);
    await world.clock.sleep((green.failAfterSeconds ?? 0) * 1000, controller.signal).catch(() => undefined);
    if (!controller.signal.aborted) world.servers.green.setFaults({ crash: true });
  }, 10);
  return {
    cancel: () => {
      clearInterval(watch);
      controller.abort();
    },
  };
}

function reportProgress(
  world: Awaited<ReturnType<typeof startLocalWorld>>,
  history: { statesEntered(): string[] },
  load: { results(): readonly { atMs: number; status: number | null; latencyMs: number }[] },
  startedAtMs: number,
  onProgress: SimulationOptions['onProgress'],
): () => void {
  if (!onProgress) return () => undefined;
  const timer = setInterval(async () => {
    const results = load.results();
    const windowStart = world.clock.nowMs() - localAlarmPeriodSeconds * 1000;
    const recent = results.filter((r) => r.atMs >= windowStart);
    const failedRecent = recent.filter((r) => r.status === null || r.status >= 500).length;
    const latencies = recent.map((r) => r.latencyMs).sort((a, b) => a - b);
    const weights = await world.router.readWeights();
    const total = weights.blue + weights.green || 1;
    onProgress({
      state: history.statesEntered().at(-1) ?? 'Starting',
      weights: {
        blue: Math.round((weights.blue * 100) / total),
        green: Math.round((weights.green * 100) / total),
      },
      errorRatePercent: recent.length ? (failedRecent * 100) / recent.length : 0,
      p95Ms: latencies.length ? (latencies[Math.ceil(latencies.length * 0.95) - 1] ?? null) : null,
      worldSeconds: Math.round((world.clock.nowMs() - startedAtMs) / 1000),
      requests: results.length,
      failed: results.filter((r) => r.status === null || r.status >= 500).length,
    });
  }, 200);
  return () => clearInterval(timer);
}

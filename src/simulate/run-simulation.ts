import { itemsFor } from '../core/checklist.ts';
import { formatDuration } from '../core/format.ts';
import { evaluatePolicy } from '../core/policy.ts';
import type { SqlDatabase } from '../db/engine/sql-database.ts';
import { startStopwatch } from '../local-world/clock/stopwatch.ts';
import {
  createVirtualClock,
  defaultVirtualStartMs,
  type VirtualClock,
} from '../local-world/clock/virtual-clock.ts';
import { allOrderIds } from '../local-world/db/app-schema.ts';
import { type ResponseRecord, startLoad } from '../local-world/http/load-generator.ts';
import type { ServiceWorld } from '../local-world/service-world.ts';
import { type LocalWorld, localEnvironment, localService, startLocalWorld } from '../local-world/world.ts';
import type { Migrator } from '../ports/database.ts';
import type { EnvironmentPolicy } from '../presets/preset.ts';
import type { ProgressSnapshot } from '../report/terminal.ts';
import type { SimulationTimeline } from '../report/timeline.ts';
import type { AlarmSettings, TrafficStep, VerifyThresholds } from '../schema/config.ts';
import { parseEnvironmentConfig } from '../schema/parse-config.ts';
import type { DeploymentRequest, ReleaseType } from '../schema/request.ts';
import { buildTimeline } from './build-timeline.ts';
import { faultsFor, type GreenBehaviour, type ScenarioName } from './scenarios.ts';
import { answerApprovals, simulatedApprover } from './simulated-approvers.ts';

export interface SimulationOptions {
  readonly scenario: ScenarioName;
  readonly green: GreenBehaviour;
  /** Requests per world second. */
  readonly rps: number;
  readonly plan: readonly TrafficStep[];
  readonly standbySeconds: number;
  readonly seed: number;
  readonly databaseUrl?: string;
  readonly verify?: Partial<VerifyThresholds>;
  /** Alarm settings; the app's high-resolution metrics are on unless `highResolutionNamespace` is set undefined. */
  readonly alarms?: Partial<AlarmSettings>;
  /** Binds the Migrate step; the release then carries `migrationsDir`. */
  readonly migrator?: (db: SqlDatabase) => Migrator;
  readonly migrationsDir?: string;
  /** World seconds of traffic on blue alone before the deployment starts (the baseline). @default 30 */
  readonly warmUpSeconds?: number;
  /** Told every 5 world seconds how the run is going. */
  readonly onProgress?: (progress: ProgressSnapshot) => void;
  /** Told of every response of the load, as it ends. */
  readonly onResponse?: (record: ResponseRecord) => void;
  /** VerifyGreen's pre-traffic trial. @default true */
  readonly preTrafficTrial?: boolean;
  /** World seconds the Backup snapshot takes to become available (RDS takes minutes). @default 0 */
  readonly snapshotCreationSeconds?: number;
  /**
   * A preset's environment (`simulate --preset`): its policy replaces the simulation's own
   * settings, the run starts when its window opens, and its approvals are answered as the
   * configured roles (src/simulate/simulated-approvers.ts). `plan` and `standbySeconds` above
   * are the preset's too.
   */
  readonly preset?: PresetRun;
}

/** What `simulate --preset` runs: one environment of a preset, for one release type. */
export interface PresetRun {
  readonly name: string;
  readonly environment: string;
  readonly policy: EnvironmentPolicy;
  readonly releaseType: ReleaseType;
  /** What the seed asks for that Greenlight cannot set yet (the preset's `gaps`), for the checklist. */
  readonly gaps: readonly string[];
  /** Hears what the simulator did for the procedure: each approval it gave, each fact it assumed. */
  readonly said?: (line: string) => void;
}

export const fromVersion = '1.0.0';
export const toVersion = '1.1.0';
/** World seconds of traffic after the deployment ends, so the chart shows what users saw next. */
const afterSeconds = 30;

/**
 * One real deployment on the local world, on its virtual clock: traffic flows from the first
 * second to the last, the real workflow runs, and what happened is measured from the outside
 * (every response) and the inside (audit trail, execution history, alarm history). The same
 * options give the same figures on any machine, however busy.
 */
export async function runSimulation(options: SimulationOptions): Promise<SimulationTimeline> {
  const wall = startStopwatch();
  const preset = options.preset;
  const clock = createVirtualClock(preset ? { startMs: presetStartMs(preset) } : {});
  const world = await startLocalWorld({
    clock,
    ...(preset ? { environment: preset.environment } : {}),
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    liveVersion: fromVersion,
    seed: options.seed,
    behaviour: ({ version }) => faultsFor(options.green, version === toVersion),
    ...(options.migrator ? { migrator: options.migrator } : {}),
    ...(options.preTrafficTrial === false ? { trial: { requests: 0 } } : {}),
    ...(options.snapshotCreationSeconds === undefined
      ? {}
      : { snapshotCreationSeconds: options.snapshotCreationSeconds }),
    config: preset
      ? {
          ...structuredClone(preset.policy),
          contact: `ops@localhost (greenlight simulate --preset ${preset.name})`,
        }
      : {
          trafficPlan: [...options.plan],
          standbySeconds: options.standbySeconds,
          // Seed 003's thresholds: error rate over 5% or performance degraded by over 50% rolls back.
          verify: { maxErrorRatePercent: 5, maxLatencyIncreasePercent: 50, maxP95Ms: 500, ...options.verify },
          ...(options.alarms ? { alarms: options.alarms } : {}),
          // The backup wait outlasts the snapshot by the ten minutes it allows an instant one.
          backup: {
            enabled: true,
            pollSeconds: 5,
            maxWaitSeconds: 600 + (options.snapshotCreationSeconds ?? 0),
            retentionDays: 7,
          },
          deployGreen: { maxWaitSeconds: 120 },
          contact: 'ops@localhost (greenlight simulate)',
        },
  });
  const service = world.service(localService);
  const stopWatching: (() => void)[] = [];
  try {
    const load = startLoad({
      url: service.router.productionUrl,
      rps: options.rps,
      writeRatio: 0.1,
      clock: world.clock,
      ...(options.onResponse ? { onResponse: options.onResponse } : {}),
    });
    await world.clock.sleep((options.warmUpSeconds ?? 30) * 1000);

    const idsBefore = await allOrderIds(service.db);
    const startedAtMs = world.clock.nowMs();
    const deploymentId = `simulate-${options.scenario}-${options.seed}`;
    const procedure = preset ? await prepareProcedure(world, preset, deploymentId, stopWatching) : {};
    const execution = world.sfn.startExecution({
      stateMachineArn: world.deployStateMachineArn,
      name: deploymentId,
      input: JSON.stringify({
        service: localService,
        environment: preset?.environment ?? localEnvironment,
        version: toVersion,
        image: `local/${localService}:${toVersion}`,
        releaseType: preset?.releaseType ?? 'minor',
        changeRequestId: 'CHG-1',
        requestedBy: 'greenlight simulate',
        ...procedure,
        ...(options.migrator && options.migrationsDir
          ? { migrations: { location: options.migrationsDir } }
          : {}),
      }),
    });
    const crash = scheduleCrash(service, clock, options.green, () => execution.status !== 'RUNNING');
    stopWatching.push(crash.stop);
    if (options.onProgress)
      stopWatching.push(reportProgress(world, execution.history, load, startedAtMs, options.onProgress));
    const finished = await execution.finished;
    await world.clock.sleep(afterSeconds * 1000);
    const summary = await load.stop();
    for (const stop of stopWatching.splice(0)) stop();
    const idsAfter = new Set(await allOrderIds(service.db));

    return await buildTimeline({
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
      wallSeconds: wall(),
      fromVersion,
      toVersion,
      crashAtMs: crash.crashedAtMs(),
    });
  } finally {
    for (const stop of stopWatching) stop();
    await world.close();
  }
}

/** green-crash: green dies `failAfterSeconds` (world) after it first gets user traffic. */
export function scheduleCrash(
  service: ServiceWorld,
  clock: VirtualClock,
  green: GreenBehaviour,
  over: () => boolean,
): { stop(): void; crashedAtMs(): number | null } {
  let crashedAtMs: number | null = null;
  if (green.failAfterSeconds === null) return { stop: () => undefined, crashedAtMs: () => null };
  const stopping = new AbortController();
  void clock
    .until(() => over() || service.router.currentWeights().green > 0, 'green gets traffic')
    .then(() => (over() ? undefined : clock.sleep((green.failAfterSeconds ?? 0) * 1000, stopping.signal)))
    .then(() => {
      if (over()) return;
      service.servers.green.setFaults({ crash: true });
      crashedAtMs = clock.nowMs();
    })
    .catch(() => undefined); // the run ended first
  return { stop: () => stopping.abort(), crashedAtMs: () => crashedAtMs };
}

function reportProgress(
  world: LocalWorld,
  history: { statesEntered(): string[] },
  load: { results(): readonly { atMs: number; status: number | null; latencyMs: number }[] },
  startedAtMs: number,
  onProgress: NonNullable<SimulationOptions['onProgress']>,
): () => void {
  const windowSeconds = 10;
  const isFailure = (r: { status: number | null }) => r.status === null || r.status >= 500;
  let counted = 0;
  let failed = 0;
  return world.clock.setInterval(
    5_000,
    () => {
      const results = load.results();
      for (; counted < results.length; counted++)
        if (isFailure(results[counted] as { status: number | null })) failed++;
      // Records end at most a request timeout after they start: look back no further than that.
      const windowStart = world.clock.nowMs() - windowSeconds * 1000;
      const recent = [];
      for (let i = results.length - 1; i >= 0; i--) {
        const record = results[i] as (typeof results)[number];
        if (record.atMs < windowStart - 10_000) break;
        if (record.atMs >= windowStart) recent.push(record);
      }
      const failedRecent = recent.filter(isFailure).length;
      const latencies = recent.map((r) => r.latencyMs).sort((a, b) => a - b);
      const weights = world.service(localService).router.currentWeights();
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
        failed,
      });
    },
    { background: true },
  );
}

/**
 * When a preset's run starts: at the simulation's usual instant if its window is open then,
 * else as it next opens, so Preflight (after the warm-up) finds it open, as a release manager
 * waiting for the window would.
 */
function presetStartMs(preset: PresetRun): number {
  const config = parseEnvironmentConfig(
    { ...preset.policy, environment: preset.environment, services: {} },
    `the ${preset.name} preset`,
  );
  const decision = evaluatePolicy({
    request: {
      service: localService,
      environment: preset.environment,
      version: toVersion,
      releaseType: preset.releaseType,
    },
    config,
    nowMs: defaultVirtualStartMs,
    succeededInPromotionSource: true,
  });
  const opensAt = decision.window.open ? undefined : decision.window.nextOpensAt;
  return opensAt === undefined ? defaultVirtualStartMs : Date.parse(opensAt);
}

/**
 * What the procedure needs before the release starts and while it runs, done by the simulator and
 * said as such: the release's success in the promotion source, its announcement and its
 * checklist's attestations (returned, for the request), and the approvers' answers.
 */
async function prepareProcedure(
  world: LocalWorld,
  preset: PresetRun,
  deploymentId: string,
  stopWatching: (() => void)[],
): Promise<Pick<DeploymentRequest, 'announcedAt' | 'attestations'>> {
  const said = preset.said ?? (() => undefined);
  const source = preset.policy.promotion?.requireSuccessIn;
  if (source) {
    await world.ports.store.putDeployment({
      deploymentId: `${deploymentId}-in-${source}`,
      service: localService,
      environment: source,
      version: toVersion,
      startedAtMs: world.clock.nowMs(),
      status: 'succeeded',
    });
    said(
      `assumed: ${toVersion} already succeeded in ${source} (simulated; the preset promotes only from there)`,
    );
  }
  stopWatching.push(answerApprovals(world, deploymentId, said));
  const attestations = itemsFor(preset.policy.checklist ?? [], preset.releaseType).map((item) => ({
    item: item.id,
    role: item.role,
    by: simulatedApprover(item.role, 1),
    evidence: 'simulated',
  }));
  for (const attestation of attestations) {
    said(
      `attested ${attestation.item} as ${attestation.role} by ${attestation.by} (simulated: nothing was checked)`,
    );
  }
  const noticeSeconds = preset.policy.notice?.[preset.releaseType];
  const announcedAt = noticeSeconds
    ? new Date(world.clock.nowMs() - noticeSeconds * 1000).toISOString()
    : undefined;
  if (announcedAt) {
    said(
      `assumed: the release was announced at ${announcedAt}, ${formatDuration(noticeSeconds ?? 0)} before its start (simulated)`,
    );
  }
  return {
    ...(announcedAt ? { announcedAt } : {}),
    ...(attestations.length > 0 ? { attestations } : {}),
  };
}

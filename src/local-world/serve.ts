import type { ReleaseBehaviour } from '../adapters/local/local-compute.ts';
import type { SqlDatabase } from '../db/engine/sql-database.ts';
import { unlock } from '../operator/unlock.ts';
import type { Migrator } from '../ports/database.ts';
import type { EnvironmentConfigInput } from '../schema/config.ts';
import { faultsFor, type GreenBehaviour } from '../simulate/scenarios.ts';
import { startApprovalApi } from './approval-api-server.ts';
import { startAuditApi } from './audit-api-server.ts';
import { createVirtualClock } from './clock/virtual-clock.ts';
import { type LoadGenerator, type LoadSummary, startLoad } from './http/load-generator.ts';
import { startStepFunctionsApi } from './sfn-api/server.ts';
import { type LocalWorld, localService, startLocalWorld } from './world.ts';

export interface ServeOptions {
  readonly port: number;
  readonly host?: string;
  /** At most this many world seconds per real second: serve is paced for people and the AWS CLI. */
  readonly timeScale: number;
  /** Background traffic per service, requests per world second, so verify always has data to judge. */
  readonly rps: number;
  readonly databaseUrl?: string;
  /**
   * Where PGlite keeps the world, so a served world survives being killed: restarted on the same
   * directory it resumes the live colours, the lock, the records, the audit trail and the apps'
   * rows, and reconciles the deployments that were running as aborted. @default - in memory
   */
  readonly dataDir?: string;
  /** Names the world on a real server (`databaseUrl`), so a restart finds it. @default - a fresh world, dropped on close */
  readonly worldId?: string;
  readonly migrator?: (db: SqlDatabase) => Migrator;
  /** How a new version behaves; healthy by default. */
  readonly green?: GreenBehaviour;
  /** How each release behaves, by service and version (overrides `green`). */
  readonly behaviour?: ReleaseBehaviour;
  /** Who must approve which release type; default: one CAB approver for major releases. */
  readonly approvals?: EnvironmentConfigInput['approvals'];
  /** The services the world runs, all behind the one Step Functions endpoint. @default ['shop'] */
  readonly services?: readonly string[];
  /** Overrides of the served environment's config (plan, bakes, standby, ...). */
  readonly config?: Partial<Omit<EnvironmentConfigInput, 'services' | 'environment'>>;
}

export interface RunningServe {
  readonly endpoint: string;
  /** The local approval API (`POST /approvals`), what `greenlight approve --approval-url` calls. */
  readonly approvalUrl: string;
  /** The read-only audit API (deployment records and events), what `greenlight history|show --audit-url` reads. */
  readonly auditUrl: string;
  readonly world: LocalWorld;
  readonly stateMachineArns: readonly string[];
  /** The steady load on each service so far, by service name. */
  loadSummaries(): ReadonlyMap<string, LoadSummary>;
  close(): Promise<void>;
}

/** What every service's blue runs when serve starts. */
export const liveVersion = '1.0.0';

const healthy: GreenBehaviour = { errorRate: 0, latencyMs: 20, failAfterSeconds: null, neverHealthy: false };

/**
 * `greenlight serve`: the local world with its Step Functions endpoint, kept running on a
 * paced clock (up to `timeScale` world seconds per real second). Every service's blue runs 1.0.0 under
 * steady traffic; any version deployed through the endpoint goes through the real workflow.
 * Major releases wait for a CAB approval (seed 000 §4.2), to show the approval path.
 */
export async function startServe(options: ServeOptions): Promise<RunningServe> {
  const green = options.green ?? healthy;
  const world = await startLocalWorld({
    // Paced, not wall time: timers still wait for work in flight, so a busy machine slows the
    // world rather than timing its requests out. A resumed world's clock starts after the last
    // time it stored: paced time runs ahead of the wall, and must never run backwards.
    // Date.now() only picks the starting date (a served world is dated like the people and the
    // AWS CLI using it, as the paced clock's own default is); no outcome depends on it.
    clock: (latestStoredMs) =>
      createVirtualClock({
        pace: options.timeScale,
        startMs: Math.max(Date.now(), latestStoredMs === null ? 0 : latestStoredMs + 1000),
      }),
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.worldId ? { worldId: options.worldId } : {}),
    liveVersion,
    services: options.services ?? [localService],
    behaviour: options.behaviour ?? (({ version }) => faultsFor(green, version !== liveVersion)),
    ...(options.migrator ? { migrator: options.migrator } : {}),
    config: {
      trafficPlan: [
        { weightPercent: 10, bakeSeconds: 60 },
        { weightPercent: 50, bakeSeconds: 60 },
        { weightPercent: 100, bakeSeconds: 60 },
      ],
      standbySeconds: 120,
      approvals: options.approvals ?? { major: [{ role: 'cab', count: 1 }] },
      verify: {
        maxErrorRatePercent: 5,
        maxLatencyIncreasePercent: 50,
        maxP95Ms: 500,
        onInsufficientData: 'proceed',
      },
      backup: { enabled: true, pollSeconds: 5, maxWaitSeconds: 600, retentionDays: 7 },
      deployGreen: { maxWaitSeconds: 120 },
      contact: 'ops@localhost (greenlight serve)',
      ...options.config,
    },
  });
  const { clock } = world;
  const loads = new Map<string, LoadGenerator>();
  const stopLoads = () => Promise.all([...loads.values()].map((load) => load.stop()));
  try {
    for (const service of world.services.values()) {
      loads.set(
        service.name,
        startLoad({
          url: service.router.productionUrl,
          rps: options.rps,
          writeRatio: 0.1,
          clock,
          idPrefix: `${service.name}-`,
        }),
      );
    }
    const api = await startStepFunctionsApi({
      engine: world.sfn,
      port: options.port,
      ...(options.host ? { host: options.host } : {}),
    });
    const approvalApi = await startApprovalApi({
      ports: world.ports,
      ...(options.host ? { host: options.host } : {}),
    });
    const auditApi = await startAuditApi({
      store: world.ports.store,
      unlock: (request) =>
        unlock(
          {
            store: world.ports.store,
            executionStatus: async (executionArn) => {
              try {
                return world.sfn.describeExecution(executionArn).status;
              } catch {
                return null;
              }
            },
            nowMs: () => world.clock.nowMs(),
          },
          request,
        ),
      ...(options.host ? { host: options.host } : {}),
    });
    return {
      endpoint: api.endpoint,
      approvalUrl: approvalApi.url,
      auditUrl: auditApi.url,
      world,
      stateMachineArns: world.sfn.listStateMachines().map((machine) => machine.stateMachineArn),
      loadSummaries: () => new Map([...loads].map(([name, load]) => [name, load.summary()])),
      close: async () => {
        await auditApi.close();
        await approvalApi.close();
        await api.close();
        await stopLoads();
        await world.close();
      },
    };
  } catch (error) {
    await stopLoads();
    await world.close();
    throw error;
  }
}

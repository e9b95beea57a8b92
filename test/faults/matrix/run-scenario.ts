import { localMigrator } from '../../../src/cli/local-migrations.ts';
import type { VirtualClock } from '../../../src/local-world/clock/virtual-clock.ts';
import {
  type LoadGenerator,
  type LoadSummary,
  startLoad,
} from '../../../src/local-world/http/load-generator.ts';
import { type LocalWorld, type LocalWorldOptions, startLocalWorld } from '../../../src/local-world/world.ts';
import type { ExecutionRecord } from '../../../src/runtime/local-step-functions.ts';
import type { EnvironmentConfigInput } from '../../../src/schema/config.ts';
import type { DeploymentRequest } from '../../../src/schema/request.ts';
import type { FaultScenario } from './scenario.ts';

/** The version every service runs before a scenario, and the one it deploys. */
export const liveVersion = '1.0.0';
export const releaseVersion = '1.1.0';

/**
 * The matrix's environment: the seed 003 plan shape (10 → 50 → 100) with three-minute bakes,
 * the shortest that always hold one whole minute of ALB's per-minute metrics (published a
 * minute after the minute ends), so a whole deployment is a quarter of a world hour; judged on
 * at least 10 requests, as the matrix's load is light to keep it fast.
 */
export const matrixConfig: Omit<EnvironmentConfigInput, 'services' | 'environment'> = {
  trafficPlan: [
    { weightPercent: 10, bakeSeconds: 180 },
    { weightPercent: 50, bakeSeconds: 180 },
    { weightPercent: 100, bakeSeconds: 180 },
  ],
  verify: { minRequests: 10 },
  standbySeconds: 120,
  backup: { enabled: true, pollSeconds: 5, maxWaitSeconds: 120, retentionDays: 7 },
  deployGreen: { maxWaitSeconds: 180 },
  contact: 'ops@example.com',
};

/** A deployment's request; `name` is both the execution's name and (by default) the deployment id. */
export function releaseRequest(
  service: string,
  overrides: Partial<DeploymentRequest> = {},
): DeploymentRequest {
  return {
    service,
    environment: 'local',
    version: releaseVersion,
    image: `local/${service}:${releaseVersion}`,
    releaseType: 'minor',
    changeRequestId: 'CHG-11',
    requestedBy: 'release@example.com',
    ...overrides,
  };
}

/** What a scenario's `act` drives the world with. */
export interface ScenarioRun {
  readonly world: LocalWorld;
  readonly clock: VirtualClock;
  /** Starts a deployment of `service` (default shop) under execution `name`. */
  deploy(name: string, options?: { service?: string; request?: Partial<DeploymentRequest> }): ExecutionRecord;
  /** Resolves at the first quiet instant where `execution` is in `state` (and `also` holds). */
  inState(execution: ExecutionRecord, state: string, also?: () => boolean): Promise<void>;
  /** Resolves once the world's clock has moved `seconds` on. */
  after(seconds: number): Promise<void>;
}

/** What a scenario left behind, for the invariants to judge. */
export interface ScenarioOutcome {
  readonly world: LocalWorld;
  readonly executions: readonly ExecutionRecord[];
  readonly load: ReadonlyMap<string, LoadSummary>;
}

export interface RunOptions {
  /** A real PostgreSQL server; PGlite when absent. */
  readonly databaseUrl?: string;
}

/**
 * Runs one scenario in a fresh local world: the real deploy ASL with the real handlers, under
 * production-listener load with writes on every service, and waits until every execution has
 * ended and every event it raised (reconcile, the alarm relay) has been handled. `judge` then
 * sees the world before it is closed.
 */
export async function runScenario<T>(
  scenario: FaultScenario,
  options: RunOptions,
  judge: (outcome: ScenarioOutcome) => Promise<T>,
): Promise<T> {
  const worldOptions: LocalWorldOptions = {
    liveVersion,
    behaviour: ({ version }) =>
      version === releaseVersion ? { latencyMs: 20, ...scenario.green } : { latencyMs: 20 },
    config: { ...matrixConfig, ...scenario.config },
    migrator: localMigrator,
    // The shortest trial the config allows (100 GETs a colour): it still catches a 20%-error
    // green, and keeps a 20-service scenario from sending 24,000 trial requests.
    trial: { requests: 100, ratePerSecond: 10 },
    ...(scenario.services ? { services: scenario.services } : {}),
    ...(scenario.executionTimeoutSeconds
      ? { executionTimeoutSeconds: scenario.executionTimeoutSeconds }
      : {}),
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
  };
  const world = await startLocalWorld(worldOptions);
  const clock = world.clock as VirtualClock;
  const loads = new Map<string, LoadGenerator>();
  const executions: ExecutionRecord[] = [];
  try {
    // Three requests a world second in all (half of one at least, per service): enough for every
    // bake to be judged, few enough that the whole matrix runs in a couple of minutes.
    const rps = Math.max(0.5, 3 / world.services.size);
    for (const [name, service] of world.services) {
      loads.set(
        name,
        startLoad({ url: service.router.productionUrl, rps, writeRatio: 0.2, clock, idPrefix: `${name}-` }),
      );
    }
    const run: ScenarioRun = {
      world,
      clock,
      deploy(name, { service = 'shop', request } = {}) {
        const execution = world.sfn.startExecution({
          stateMachineArn: world.deployStateMachineArn,
          name,
          input: JSON.stringify(releaseRequest(service, request)),
        });
        executions.push(execution);
        return execution;
      },
      inState: (execution, state, also = () => true) =>
        clock.until(
          () => execution.history.statesEntered().at(-1) === state && also(),
          `${execution.name} in ${state}`,
        ),
      after: (seconds) => clock.sleep(seconds * 1000),
    };
    await (scenario.act ?? ((r: ScenarioRun) => r.deploy('deploy-1')))(run);
    await settle(world, executions);
    await scenario.afterwards?.(run);
    await settle(world, executions);
    const load = new Map<string, LoadSummary>();
    for (const [name, generator] of loads) load.set(name, await generator.stop());
    loads.clear();
    return await judge({ world, executions, load });
  } finally {
    for (const generator of loads.values()) await generator.stop().catch(() => undefined);
    await world.close();
  }
}

/** Every execution ended, and whatever their ends set off (reconcile, pages) is done. */
async function settle(world: LocalWorld, executions: readonly ExecutionRecord[]): Promise<void> {
  await Promise.all(executions.map((execution) => execution.finished));
  // An execution's end publishes its status change; reconcile runs from the bus, and may itself
  // raise more (a page, an alarm): wait out a world minute of quiet, then drain again.
  await world.bus.drain();
  await world.clock.sleep(60_000);
  await world.bus.drain();
}

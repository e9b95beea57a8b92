import { randomBytes } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { waitRelay } from '../../functions/wait-relay/handler.ts';
import type { ReleaseBehaviour } from '../adapters/local/local-compute.ts';
import { SqlStore } from '../adapters/local/sql-store.ts';
import { alarmDefinitions } from '../core/alarm-definitions.ts';
import { greenlightSnapshotPrefix } from '../core/drillable-snapshots.ts';
import { openDatabase, type SqlDatabase } from '../db/engine/sql-database.ts';
import { quoteIdent } from '../db/engine/table-checksums.ts';
import type { Migrator } from '../ports/index.ts';
import type { DeploymentRecord } from '../ports/store.ts';
import { loadDefinition } from '../runtime/definition.ts';
import { executionStatusChangeEvent } from '../runtime/execution-status-event.ts';
import { invokeLocally } from '../runtime/local-lambda.ts';
import { LocalStepFunctions } from '../runtime/local-step-functions.ts';
import { packageFile } from '../runtime/package-files.ts';
import type { EnvironmentConfig, EnvironmentConfigInput, PreTrafficTrial } from '../schema/config.ts';
import { parseEnvironmentConfig } from '../schema/parse-config.ts';
import { alarmNamePrefix } from '../workflow/alarm-names.ts';
import { reconcileEventPattern } from '../workflow/reconcile-rule.ts';
import { bindSteps, localFunctionArn } from '../workflow/steps.ts';
import { rolloutEventPattern, snapshotEventPattern } from '../workflow/wait-relay-rules.ts';
import { type AlarmEvaluator, createAlarmEvaluator } from './alarms/alarm-evaluator.ts';
import { createVirtualClock } from './clock/virtual-clock.ts';
import type { WorldClock } from './clock/world-clock.ts';
import { dropSnapshotsOf } from './db/schema-snapshots.ts';
import { createSnapshotStore, type SnapshotStore } from './db/snapshots.ts';
import { trackedDatabase } from './db/tracked-database.ts';
import { createEventBus, type EventBus } from './events/event-bus.ts';
import { reconcileInterruptedExecutions } from './interrupted-executions.ts';
import { localAccount, localRegion, serviceSchema, storeSchema } from './local-binding.ts';
import { createMetricsStore, type MetricsStore } from './metrics/metrics-store.ts';
import { startSchedules } from './schedules.ts';
import { type ServiceWorld, startServiceWorld } from './service-world.ts';
import { bindWorldPorts, type WorldPorts } from './world-ports.ts';

export const localEnvironment = 'local';
/** The service of the single-service world (`npm start`, `simulate`). */
export const localService = 'shop';
/** Where the local apps publish their high-resolution metrics. */
export const localAppMetricsNamespace = 'Greenlight/App';

export interface LocalWorldOptions {
  /**
   * The world's clock, or how to make one that starts after the latest time the world's store
   * holds (null when it is empty), so a world resumed from disk never runs its time backwards.
   * @default a virtual clock: results do not depend on the machine
   */
  readonly clock?: WorldClock | ((latestStoredMs: number | null) => WorldClock);
  /** A real PostgreSQL server; PGlite (embedded) when absent. */
  readonly databaseUrl?: string;
  /**
   * Where PGlite keeps its data, so the world survives its process (`serve`). A world started
   * on a data directory or a named world on a server resumes what it finds: the live colours,
   * the lock, the records and the audit trail, the apps' rows. @default - in memory
   */
  readonly dataDir?: string;
  /** Names the world's schemas in a shared engine. @default - fresh per world */
  readonly worldId?: string;
  /** @default 'local' */
  readonly environment?: string;
  /** The services the world runs, each with its own colours, listener, alarms and schema. @default ['shop'] */
  readonly services?: readonly string[];
  /** The environment config, without `services` (the world binds its own). */
  readonly config: Omit<EnvironmentConfigInput, 'services' | 'environment'>;
  /** The version blue runs at start. */
  readonly liveVersion: string;
  /** What each release does when it runs (the scenario's faults); blue's version included. */
  readonly behaviour: ReleaseBehaviour;
  /** Binds the Migrate step to a service's database; the local world has none by default. */
  readonly migrator?: (db: SqlDatabase) => Migrator;
  readonly seed?: number;
  /** Overrides of every service's pre-traffic trial (`{ requests: 0 }` turns it off). */
  readonly trial?: Partial<PreTrafficTrial>;
  /**
   * Replaces the deploy workflow's top-level TimeoutSeconds (a fault to inject: an execution that
   * times out as a whole). @default - the ASL's own (14 days)
   */
  readonly executionTimeoutSeconds?: number;
  /** World seconds a Backup snapshot takes to become available (RDS takes minutes). @default 0 */
  readonly snapshotCreationSeconds?: number;
}

/**
 * The local world: for every service, blue and green app servers behind an ALB-like router
 * with its health checks; one CloudWatch-like metrics store and alarm evaluator with the
 * deployed alarm definitions; an EventBridge-like bus; PostgreSQL; and Step Functions running
 * the real deploy.asl.json with the real handlers, bound to adapters over all of it.
 */
export interface LocalWorld {
  readonly clock: WorldClock;
  readonly environment: string;
  /** The engine every service's schema lives in. */
  readonly engine: SqlDatabase;
  readonly snapshots: SnapshotStore;
  readonly services: ReadonlyMap<string, ServiceWorld>;
  /** One service by name; throws naming the known ones. */
  service(name?: string): ServiceWorld;
  readonly metrics: MetricsStore;
  readonly alarms: AlarmEvaluator;
  readonly bus: EventBus;
  readonly sfn: LocalStepFunctions;
  readonly ports: WorldPorts;
  readonly config: EnvironmentConfig;
  readonly deployStateMachineArn: string;
  /** Deployments found running at start whose executions had died with an earlier process, reconciled as aborted. */
  readonly interrupted: readonly DeploymentRecord[];
  /** Stops the scheduled functions (approval reminder, early verdict), as a deleted schedule would: a fault to inject. */
  stopSchedules(): void;
  close(): Promise<void>;
}

export async function startLocalWorld(options: LocalWorldOptions): Promise<LocalWorld> {
  const environment = options.environment ?? localEnvironment;
  const worldId = options.worldId ?? (options.databaseUrl ? randomBytes(4).toString('hex') : 'local');
  // A world of its own on a shared server leaves nothing behind; a named one is kept.
  const dropOnClose = options.databaseUrl !== undefined && options.worldId === undefined;
  const seed = options.seed ?? 1;
  const rawEngine = await openDatabase(
    options.databaseUrl ? { url: options.databaseUrl } : options.dataDir ? { dataDir: options.dataDir } : {},
  );
  const closers: (() => Promise<void> | void)[] = [() => rawEngine.close()];
  try {
    const clock = await worldClockFor(options.clock, rawEngine, storeSchema(worldId));
    const engine = trackedDatabase(rawEngine, clock);
    const store = await SqlStore.open(engine, storeSchema(worldId));
    if (dropOnClose)
      closers.push(() => rawEngine.exec(`DROP SCHEMA IF EXISTS ${quoteIdent(storeSchema(worldId))} CASCADE`));
    const config = {
      ...options.config,
      alarms: { highResolutionNamespace: localAppMetricsNamespace, ...options.config.alarms },
    };
    const validated = parseEnvironmentConfig({ ...config, environment, services: {} }, 'the local world');
    const metrics = createMetricsStore({ clock });
    const services = new Map<string, ServiceWorld>();
    for (const [index, name] of (options.services ?? [localService]).entries()) {
      // A resumed world serves what was live when it stopped; a new one serves blue at liveVersion.
      const live = (await store.getLive(name, environment)) ?? {
        colour: 'blue',
        version: options.liveVersion,
      };
      const service = await startServiceWorld({
        name,
        environment,
        worldId,
        clock,
        engine,
        metrics,
        liveColour: live.colour,
        liveVersion: live.version,
        liveFaults: options.behaviour({ service: name, version: live.version, colour: live.colour }),
        seed: seed + 2 * index,
        unhealthyThreshold: validated.verify.consecutiveHealthCheckFailures,
        ...(options.trial ? { trial: options.trial } : {}),
        ...(validated.alarms.highResolutionNamespace
          ? { highResolutionNamespace: validated.alarms.highResolutionNamespace }
          : {}),
      });
      services.set(name, service);
      if (dropOnClose) {
        closers.push(async () => {
          const schema = serviceSchema(worldId, name);
          await dropSnapshotsOf(rawEngine, schema);
          await rawEngine.exec(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
        });
      }
      closers.push(() => service.close());
    }
    const bindings = Object.fromEntries([...services].map(([name, service]) => [name, service.binding]));
    const environmentConfig = parseEnvironmentConfig(
      { ...config, environment, services: bindings },
      'the local world',
    );

    const sfn = new LocalStepFunctions({ clock, region: localRegion, accountId: localAccount });
    closers.push(() => sfn.shutdown());
    const bus = createEventBus('greenlight', { clock, account: localAccount, region: localRegion });
    const alarms = createAlarmEvaluator({
      metrics,
      clock,
      account: localAccount,
      region: localRegion,
      sink: (event) => bus.publish(event),
    });
    for (const [name, service] of services) {
      const scope = {
        service: name,
        environment,
        binding: service.binding,
        verify: environmentConfig.verify,
        alarms: environmentConfig.alarms,
      };
      for (const alarm of alarmDefinitions(scope)) alarms.putMetricAlarm(structuredClone(alarm) as never);
    }
    alarms.start(clock);
    closers.push(() => alarms.stop());

    const snapshots = createSnapshotStore({ clock });
    const ports = bindWorldPorts({
      clock,
      environment,
      config,
      services,
      metrics,
      alarms,
      snapshots,
      behaviour: options.behaviour,
      callbacks: sfn.tokens.asWorkflowCallbacks(),
      store,
      ...(options.migrator ? { migrator: options.migrator } : {}),
      publish: (event) => bus.publish(event),
      ...(options.snapshotCreationSeconds === undefined
        ? {}
        : { snapshotCreationSeconds: options.snapshotCreationSeconds }),
    });
    for (const service of services.values()) {
      if ((await store.getLive(service.name, environment)) === null)
        await store.setLive(service.name, environment, { colour: 'blue', version: options.liveVersion });
    }
    const logger = new Logger({ serviceName: 'greenlight-local', logLevel: 'SILENT' });
    const { substitutions, functions } = bindSteps(ports, { logger });
    const definition = loadDefinition(packageFile('statemachines/deploy.asl.json'), substitutions);
    const machine = sfn.registerStateMachine({
      name: 'greenlight-deploy',
      definition:
        options.executionTimeoutSeconds === undefined
          ? definition
          : { ...definition, TimeoutSeconds: options.executionTimeoutSeconds },
      functions,
    });

    // EventBridge: Greenlight's alarms going to ALARM reach the alarm relay, as the CDK rule does on AWS.
    const relayArn = localFunctionArn('alarm-relay');
    const relay = functions.get(relayArn);
    bus.putRule({
      Name: 'greenlight-alarm-relay',
      EventPattern: {
        source: ['aws.cloudwatch'],
        'detail-type': ['CloudWatch Alarm State Change'],
        detail: { alarmName: [{ prefix: alarmNamePrefix }], state: { value: ['ALARM'] } },
      },
    });
    bus.putTargets('greenlight-alarm-relay', [
      {
        Id: 'alarm-relay',
        target: (event) =>
          relay ? invokeLocally(relayArn, relay, event, 30_000, clock) : Promise.resolve(null),
      },
    ]);
    // Step Functions' execution status changes reach reconcile, as the CDK rule sends them on AWS.
    const reconcileArn = localFunctionArn('reconcile');
    const reconciler = functions.get(reconcileArn);
    bus.putRule({
      Name: 'greenlight-reconcile',
      EventPattern: reconcileEventPattern(machine.stateMachineArn),
    });
    bus.putTargets('greenlight-reconcile', [
      {
        Id: 'reconcile',
        target: (event) =>
          reconciler ? invokeLocally(reconcileArn, reconciler, event, 60_000, clock) : Promise.resolve(null),
      },
    ]);
    // RDS's snapshot events and ECS's rollout events reach the wait relay, as the CDK rules send
    // them on AWS (src/workflow/wait-relay-rules.ts); its fallback sweep runs with the schedules.
    const waitRelayArn = localFunctionArn(waitRelay.name);
    const relayWaits = waitRelay.bind(ports, { logger });
    const awaitedWorkRules = {
      'greenlight-snapshot-events': snapshotEventPattern(
        [...services].map(([name, service]) =>
          greenlightSnapshotPrefix(name, environment, service.binding.database.kind),
        ),
      ),
      'greenlight-rollout-events': rolloutEventPattern(
        [...services.values()].map((service) => service.binding.compute),
      ),
    };
    for (const [name, pattern] of Object.entries(awaitedWorkRules)) {
      bus.putRule({ Name: name, EventPattern: pattern });
      bus.putTargets(name, [
        {
          Id: 'wait-relay',
          target: (event) => invokeLocally(waitRelayArn, relayWaits, event, 60_000, clock),
        },
      ]);
    }
    let statusEvents = 0;
    const stopStatusEvents = sfn.onExecutionEnded((execution) => {
      statusEvents += 1;
      bus.publish(
        executionStatusChangeEvent(execution, {
          id: `${worldId}-execution-${statusEvents}`,
          region: localRegion,
          account: localAccount,
        }),
      );
    });
    closers.push(() => stopStatusEvents());
    const interrupted = await reconcileInterruptedExecutions({
      store,
      environment,
      bus,
      stateMachineArn: machine.stateMachineArn,
      region: localRegion,
      account: localAccount,
      isRunningHere: (executionArn) => sfn.hasExecution(executionArn),
      nowMs: () => clock.nowMs(),
    });
    // EventBridge Scheduler: the approval reminder (heartbeats) and the early verdict.
    const stopSchedules = startSchedules({ ports, clock, logger, environment });
    closers.push(stopSchedules);

    return {
      clock,
      environment,
      engine,
      snapshots,
      services,
      service(name = localService) {
        const found = services.get(name);
        if (!found)
          throw new Error(
            `the local world has no service "${name}" (services: ${[...services.keys()].join(', ')})`,
          );
        return found;
      },
      metrics,
      alarms,
      bus,
      sfn,
      ports,
      config: environmentConfig,
      deployStateMachineArn: machine.stateMachineArn,
      interrupted,
      stopSchedules,
      close: async () => {
        for (const close of closers.reverse()) await close();
      },
    };
  } catch (error) {
    for (const close of closers.reverse()) await Promise.resolve(close()).catch(() => undefined);
    throw error;
  }
}

/** The given clock, or one made to start after the latest time the store at `schema` holds. */
async function worldClockFor(
  clock: LocalWorldOptions['clock'],
  engine: SqlDatabase,
  schema: string,
): Promise<WorldClock> {
  if (clock === undefined) return createVirtualClock();
  if (typeof clock !== 'function') return clock;
  return clock(await (await SqlStore.open(engine, schema)).latestTimestampMs());
}

import { Logger } from '@aws-lambda-powertools/logger';
import { HttpSmokeTester } from '../adapters/aws/http-smoke-tester.ts';
import { LocalAlarms } from '../adapters/local/local-alarms.ts';
import { LocalCompute, type ReleaseBehaviour } from '../adapters/local/local-compute.ts';
import { LocalMetrics } from '../adapters/local/local-metrics.ts';
import { LocalRestore } from '../adapters/local/local-restore.ts';
import { LocalTrafficRouter } from '../adapters/local/local-router.ts';
import { LocalSnapshots } from '../adapters/local/local-snapshots.ts';
import { OutboxNotifier } from '../adapters/local/outbox-notifier.ts';
import { staticConfigSource } from '../adapters/memory/memory-ports.ts';
import { MemoryStore } from '../adapters/memory/memory-store.ts';
import { MigrationFailedError } from '../errors.ts';
import type { Colour } from '../ports/colour.ts';
import type { Migrator, Ports } from '../ports/index.ts';
import { loadDefinition } from '../runtime/definition.ts';
import { invokeLocally } from '../runtime/local-lambda.ts';
import { LocalStepFunctions } from '../runtime/local-step-functions.ts';
import type { EnvironmentConfig, EnvironmentConfigInput, ServiceBinding } from '../schema/config.ts';
import { parseEnvironmentConfig } from '../schema/parse-config.ts';
import { alarmNamePrefix } from '../workflow/alarm-names.ts';
import { bindSteps, localFunctionArn } from '../workflow/steps.ts';
import { type AlarmEvaluator, createAlarmEvaluator } from './alarms/alarm-evaluator.ts';
import { startApprovalReminderLoop } from './approval-reminder-loop.ts';
import { createWorldClock, type WorldClock } from './clock/world-clock.ts';
import { ensureAppSchema } from './db/app-schema.ts';
import { createSnapshotStore, type SnapshotStore } from './db/snapshots.ts';
import { openDatabase, type SqlDatabase } from './db/sql-database.ts';
import { createEventBus, type EventBus } from './events/event-bus.ts';
import { type AppServer, startAppServer } from './http/app-server.ts';
import { type HealthChecker, startHealthChecker } from './http/health-checker.ts';
import { type Router, startRouter } from './http/weighted-router.ts';
import { createMetricsStore, type MetricsStore } from './metrics/metrics-store.ts';
import { localAlarmPeriodSeconds, targetGroupAlarms } from './world-alarms.ts';

export const localService = 'shop';
export const localEnvironment = 'local';
const healthPeriodSeconds = 10;

export interface LocalWorldOptions {
  /** World seconds per real second. */
  readonly timeScale: number;
  /** A real PostgreSQL server; PGlite (embedded) when absent. */
  readonly databaseUrl?: string;
  /** The environment config, without `services` (the world binds its own). */
  readonly config: Omit<EnvironmentConfigInput, 'services' | 'environment'>;
  /** The version blue runs at start. */
  readonly liveVersion: string;
  /** What each release does when it runs (the scenario's faults). */
  readonly behaviour: ReleaseBehaviour;
  /** Binds the Migrate step; the local world has none by default. */
  readonly migrator?: (db: SqlDatabase) => Migrator;
  readonly seed?: number;
}

/**
 * The local world: blue and green app servers, the ALB-like router with its health checks, the
 * CloudWatch-like metrics and alarms, an EventBridge-like bus, PostgreSQL, and Step Functions
 * running the real deploy.asl.json with the real handlers bound to adapters over all of it.
 */
export interface LocalWorld {
  readonly clock: WorldClock;
  readonly db: SqlDatabase;
  readonly snapshots: SnapshotStore;
  readonly servers: Readonly<Record<Colour, AppServer>>;
  readonly router: Router;
  readonly health: HealthChecker;
  readonly metrics: MetricsStore;
  readonly alarms: AlarmEvaluator;
  readonly bus: EventBus;
  readonly sfn: LocalStepFunctions;
  readonly ports: Ports & { readonly notifier: OutboxNotifier; readonly store: MemoryStore };
  readonly config: EnvironmentConfig;
  readonly binding: ServiceBinding;
  readonly deployStateMachineArn: string;
  close(): Promise<void>;
}

export async function startLocalWorld(options: LocalWorldOptions): Promise<LocalWorld> {
  const clock = createWorldClock({ timeScale: options.timeScale });
  const db = await openDatabase(options.databaseUrl ? { url: options.databaseUrl } : {});
  const closers: (() => Promise<void> | void)[] = [() => db.close()];
  try {
    await ensureAppSchema(db);
    const snapshots = createSnapshotStore({ clock, compression: 'none' });
    const servers = {
      blue: await startAppServer({
        colour: 'blue',
        version: options.liveVersion,
        db,
        clock,
        seed: options.seed ?? 1,
        faults: options.behaviour(options.liveVersion, 'blue'),
      }),
      green: await startAppServer({
        colour: 'green',
        version: 'none',
        db,
        clock,
        seed: (options.seed ?? 1) + 1,
        faults: { crash: true },
      }),
    };
    closers.push(
      () => servers.blue.close(),
      () => servers.green.close(),
    );

    const metrics = createMetricsStore({ clock });
    const targetGroup = (colour: Colour) => `targetgroup/${localService}-${colour}/local`;
    const router = await startRouter({
      targets: { blue: servers.blue.url, green: servers.green.url },
      clock,
      onRequest: (request) => {
        if (request.listener !== 'production') return; // smoke tests are not user traffic
        metrics.record({
          targetGroup: targetGroup(request.colour),
          atMs: request.atMs,
          status: request.status >= 502 && request.status <= 504 && request.error ? null : request.status,
          latencyMs: request.latencyMs,
        });
      },
    });
    closers.push(() => router.close());

    // A colour scaled to zero has no registered targets: neither healthy nor unhealthy, like an empty target group.
    let compute: LocalCompute | undefined;
    const health = startHealthChecker({
      targets: { blue: servers.blue.url, green: servers.green.url },
      path: '/health/ready',
      intervalMs: Math.max(20, Math.round(clock.toRealMs(healthPeriodSeconds * 1000) / 2)),
      // Latency is real even when time is compressed: keep the ALB's generous timeout in real time.
      timeoutMs: 2000,
      healthyThreshold: 2,
      unhealthyThreshold: 2,
      clock,
      onSample: (sample) => {
        const counts = health?.health(sample.colour);
        const registered = compute?.isRegistered(sample.colour) ?? sample.colour === 'blue';
        metrics.recordHealth({
          targetGroup: targetGroup(sample.colour),
          atMs: sample.atMs,
          healthy: registered ? (counts?.healthy ?? 0) : 0,
          unhealthy: registered ? (counts?.unhealthy ?? 0) : 0,
        });
      },
    });
    closers.push(() => health.stop());

    const config = parseEnvironmentConfig(
      {
        ...options.config,
        environment: localEnvironment,
        services: {
          [localService]: {
            listener: router.productionUrl,
            testListener: router.testUrl,
            targetGroups: { blue: targetGroup('blue'), green: targetGroup('green') },
            compute: { cluster: 'local', blue: `${localService}-blue`, green: `${localService}-green` },
            database: { id: `${localService}-db`, kind: 'instance' },
          },
        },
      },
      'the local world',
    );
    const binding = config.services[localService] as ServiceBinding;

    const sfn = new LocalStepFunctions({ timeScale: options.timeScale });
    closers.push(() => sfn.shutdown());
    const bus = createEventBus('greenlight', { clock });
    const alarms = createAlarmEvaluator({ metrics, clock, sink: (event) => bus.publish(event) });
    for (const alarm of targetGroupAlarms({
      service: localService,
      environment: localEnvironment,
      binding,
      thresholds: config.verify,
      healthPeriodSeconds,
    })) {
      alarms.putMetricAlarm(alarm);
    }
    alarms.start(clock, (localAlarmPeriodSeconds * 1000) / 2);
    closers.push(() => alarms.stop());

    compute = new LocalCompute(servers, router, options.behaviour, (colour) => {
      const counts = health.health(colour);
      return counts.healthy > 0 && counts.unhealthy === 0 && counts.initial === 0;
    });
    compute.markRunning('blue', options.liveVersion);
    const store = new MemoryStore();
    await store.setLive(localService, localEnvironment, { colour: 'blue', version: options.liveVersion });
    const notifier = new OutboxNotifier();
    const ports = {
      clock,
      config: staticConfigSource({
        [localEnvironment]: { ...options.config, environment: localEnvironment, services: config.services },
      }),
      router: new LocalTrafficRouter(router, health, (colour) => compute?.isRegistered(colour) ?? false),
      compute,
      metrics: new LocalMetrics(metrics, healthPeriodSeconds),
      alarms: new LocalAlarms(alarms, { service: localService, environment: localEnvironment }),
      smoke: new HttpSmokeTester({ timeoutMs: 5000 }),
      snapshots: new LocalSnapshots(snapshots, db),
      restore: new LocalRestore(snapshots, db),
      migrator: options.migrator?.(db) ?? noMigrations,
      notifier,
      callbacks: sfn.tokens.asWorkflowCallbacks(),
      store,
    };
    const logger = new Logger({ serviceName: 'greenlight-local', logLevel: 'SILENT' });
    const { substitutions, functions } = bindSteps(ports, { logger });
    const machine = sfn.registerStateMachine({
      name: 'greenlight-deploy',
      definition: loadDefinition(
        new URL('../../statemachines/deploy.asl.json', import.meta.url).pathname,
        substitutions,
      ),
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
        target: (event) => (relay ? invokeLocally(relayArn, relay, event, 30_000) : Promise.resolve(null)),
      },
    ]);
    // EventBridge Scheduler: the approval reminder keeps waiting approval gates alive (heartbeats).
    closers.push(startApprovalReminderLoop({ ports, clock, logger }));

    return {
      clock,
      db,
      snapshots,
      servers,
      router,
      health,
      metrics,
      alarms,
      bus,
      sfn,
      ports,
      config,
      binding,
      deployStateMachineArn: machine.stateMachineArn,
      close: async () => {
        for (const close of closers.reverse()) await close();
      },
    };
  } catch (error) {
    for (const close of closers.reverse()) await Promise.resolve(close()).catch(() => undefined);
    throw error;
  }
}

/** Without a migrator bound, a release that names migrations is refused at Migrate (never silently skipped). */
const noMigrations: Migrator = {
  migrate: async () => {
    throw new MigrationFailedError(
      'this local world has no migrator bound: start it with one, or deploy without migrations',
    );
  },
  revert: async () => [],
};

import { CloudWatchAlarms, serviceIdentityFromTargetGroups } from '../adapters/aws/cloudwatch-alarms.ts';
import { CloudWatchMetrics } from '../adapters/aws/cloudwatch-metrics.ts';
import { HttpSmokeTester } from '../adapters/aws/http-smoke-tester.ts';
import { CommandHookRunner } from '../adapters/local/command-hook-runner.ts';
import { LocalCompute, type ReleaseBehaviour } from '../adapters/local/local-compute.ts';
import { LocalRestore } from '../adapters/local/local-restore.ts';
import { LocalTrafficRouter } from '../adapters/local/local-router.ts';
import { LocalSnapshots } from '../adapters/local/local-snapshots.ts';
import { OutboxNotifier } from '../adapters/local/outbox-notifier.ts';
import { serviceRegistry } from '../adapters/local/service-registry.ts';
import { staticConfigSource } from '../adapters/memory/memory-ports.ts';
import type { SqlDatabase } from '../db/engine/sql-database.ts';
import { MigrationFailedError } from '../errors.ts';
import { PagerFallbackNotifier } from '../notifications/pager-fallback.ts';
import type { Migrator, Ports } from '../ports/index.ts';
import type { Store } from '../ports/store.ts';
import type { WorkflowCallbacks } from '../ports/workflow-callbacks.ts';
import type { EnvironmentConfigInput } from '../schema/config.ts';
import type { AlarmEvaluator } from './alarms/alarm-evaluator.ts';
import type { WorldClock } from './clock/world-clock.ts';
import { localCloudWatchClient } from './cloudwatch-api.ts';
import type { SnapshotStore } from './db/snapshots.ts';
import type { EventSink } from './events/service-events.ts';
import { worldFetch, worldSleep, worldTimeoutSignal } from './http/world-fetch.ts';
import { localAccount, localRegion } from './local-binding.ts';
import type { MetricsStore } from './metrics/metrics-store.ts';
import type { ServiceWorld } from './service-world.ts';

/** The world's ports: what its handlers are bound to. */
export type WorldPorts = Ports & {
  /** The deployment topics: every notification that reached its own topic. */
  readonly outbox: OutboxNotifier;
  /** The pager topic: critical notifications that their own topic refused (PagerFallbackNotifier). */
  readonly pager: OutboxNotifier;
  readonly store: Store;
};

export interface WorldPortsOptions {
  readonly clock: WorldClock;
  readonly environment: string;
  readonly config: Omit<EnvironmentConfigInput, 'services' | 'environment'>;
  readonly services: ReadonlyMap<string, ServiceWorld>;
  readonly metrics: MetricsStore;
  readonly alarms: AlarmEvaluator;
  readonly snapshots: SnapshotStore;
  readonly behaviour: ReleaseBehaviour;
  readonly callbacks: WorkflowCallbacks;
  /** The lock, records and audit trail: the world's database (SqlStore), so they outlive a process. */
  readonly store: Store;
  /** Binds the Migrate step to a service's database; none bound by default. */
  readonly migrator?: (db: SqlDatabase) => Migrator;
  /** Where the local RDS and ECS publish their events (the world's bus); none when left out. */
  readonly publish?: EventSink;
  /** World seconds a snapshot takes to become available. @default 0 */
  readonly snapshotCreationSeconds?: number;
}

/** How often the local ECS checks a rollout it watches, in world ms (its event comes this late at most). */
const rolloutCheckEveryMs = 5000;

/**
 * Binds every port to the local world. CloudWatch is the AWS adapters themselves over the local
 * CloudWatch; smoke tests are the AWS adapter over real HTTP; the router, compute and database
 * adapters find the service a binding names.
 */
export function bindWorldPorts(options: WorldPortsOptions): WorldPorts {
  const { clock, services, environment } = options;
  const registry = serviceRegistry(services);
  const cloudWatch = localCloudWatchClient(options.metrics, options.alarms);
  const fetch = worldFetch(clock);
  const timeoutSignal = (ms: number) => worldTimeoutSignal(clock, ms);
  const bindings = Object.fromEntries([...services].map(([name, service]) => [name, service.binding]));
  const databaseFor = (binding: Parameters<typeof registry>[0]) => registry(binding).db;
  const migrators = new Map([...services].map(([name, service]) => [name, options.migrator?.(service.db)]));
  const migratorFor = (binding: Parameters<typeof registry>[0]): Migrator =>
    migrators.get(registry(binding).name) ?? noMigrations;
  const outbox = new OutboxNotifier();
  const pager = new OutboxNotifier();
  return {
    clock,
    config: staticConfigSource({ [environment]: { ...options.config, environment, services: bindings } }),
    router: new LocalTrafficRouter(registry),
    compute: new LocalCompute(
      registry,
      options.behaviour,
      fetch,
      timeoutSignal,
      options.publish && {
        clock,
        checkEveryMs: rolloutCheckEveryMs,
        publish: options.publish,
        account: localAccount,
        region: localRegion,
      },
    ),
    metrics: new CloudWatchMetrics({ client: cloudWatch }),
    alarms: new CloudWatchAlarms({
      identify: serviceIdentityFromTargetGroups(
        environment,
        Object.fromEntries([...services].map(([name, service]) => [name, service.binding.targetGroups.blue])),
      ),
      client: cloudWatch,
    }),
    hooks: new CommandHookRunner(),
    smoke: new HttpSmokeTester({
      timeoutMs: 5000,
      fetch,
      timeoutSignal,
      now: () => clock.nowMs(),
      sleep: worldSleep(clock),
    }),
    snapshots: new LocalSnapshots(
      options.snapshots,
      databaseFor,
      options.publish && {
        clock,
        creationSeconds: options.snapshotCreationSeconds ?? 0,
        publish: options.publish,
        account: localAccount,
        region: localRegion,
      },
    ),
    restore: new LocalRestore(options.snapshots, databaseFor),
    migrator: {
      check: (binding, location) => migratorFor(binding).check(binding, location),
      migrate: (binding, request) => migratorFor(binding).migrate(binding, request),
      revert: (binding, request) => migratorFor(binding).revert(binding, request),
    },
    outbox,
    pager,
    // Composed as on AWS (ports-from-env.ts): the pager is the critical path's last resort.
    notifier: new PagerFallbackNotifier(outbox, pager),
    callbacks: options.callbacks,
    store: options.store,
  };
}

/** Without a migrator bound, a release that names migrations is refused at Migrate (never silently skipped). */
const noMigrations: Migrator = {
  check: async () => {
    throw new MigrationFailedError(
      'this local world has no migrator bound: start it with one, or deploy without migrations',
    );
  },
  migrate: async () => {
    throw new MigrationFailedError(
      'this local world has no migrator bound: start it with one, or deploy without migrations',
    );
  },
  revert: async () => [],
};

import type { Alarms } from './alarms.ts';
import type { Clock } from './clock.ts';
import type { Compute } from './compute.ts';
import type { ConfigSource } from './config-source.ts';
import type { DatabaseSnapshots, Migrator } from './database.ts';
import type { DatabaseRestore } from './database-restore.ts';
import type { HookRunner } from './hook-runner.ts';
import type { Metrics } from './metrics.ts';
import type { Notifier } from './notifier.ts';
import type { SmokeTester } from './smoke-tester.ts';
import type { Store } from './store.ts';
import type { TrafficRouter } from './traffic-router.ts';
import type { WorkflowCallbacks } from './workflow-callbacks.ts';

/** Everything a handler may touch. A deployed handler binds the AWS adapters; tests and the local world bind theirs. */
export interface Ports {
  readonly clock: Clock;
  readonly config: ConfigSource;
  readonly router: TrafficRouter;
  readonly compute: Compute;
  readonly metrics: Metrics;
  readonly alarms: Alarms;
  readonly smoke: SmokeTester;
  /** The service's lifecycle hooks (`hooks.beforeTraffic`, `hooks.afterStep`). */
  readonly hooks: HookRunner;
  readonly snapshots: DatabaseSnapshots;
  /** The approved snapshot restore of a rollback. */
  readonly restore: DatabaseRestore;
  readonly migrator: Migrator;
  readonly notifier: Notifier;
  readonly callbacks: WorkflowCallbacks;
  readonly store: Store;
}

export type * from './alarms.ts';
export type * from './clock.ts';
export type * from './colour.ts';
export type * from './compute.ts';
export type * from './config-source.ts';
export type * from './database.ts';
export type * from './database-restore.ts';
export type * from './hook-runner.ts';
export type * from './metrics.ts';
export type * from './notifier.ts';
export type * from './smoke-tester.ts';
export type * from './store.ts';
export type * from './traffic-router.ts';
export type * from './workflow-callbacks.ts';

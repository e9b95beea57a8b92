/**
 * Every port bound to its AWS adapter: the composition for tests, tools and any function that
 * truly uses them all. A function's own entry composes only the ports its step uses
 * (`awsPorts` in aws-ports.ts), so its bundle carries only those SDK clients.
 */
import type { Ports } from '../../ports/index.ts';
import { awsPorts, type ComposedPorts } from './aws-ports.ts';
import type { Env } from './env.ts';
import { sfnCallbacks } from './ports/callbacks.ts';
import { cloudWatchAlarms, cloudWatchMetrics } from './ports/cloudwatch.ts';
import { ecsCompute } from './ports/compute.ts';
import { envConfig } from './ports/config.ts';
import { snsNotifier } from './ports/notifier.ts';
import { rdsSnapshotRestore, rdsSnapshots } from './ports/rds.ts';
import { elbv2Router } from './ports/router.ts';
import { httpSmoke } from './ports/smoke.ts';
import { dynamoDbStore } from './ports/store.ts';
import type { LiveIntegrityReader } from './snapshot-integrity-recorder.ts';

export { migrationsUnavailable } from './migrations-unavailable.ts';
export { envNames, sdkClientConfig } from './stack-env.ts';

/**
 * Binds every port from the function's environment variables. Variables are checked now (at
 * cold start); each SDK client and adapter is created on first use, once. The SQL migrator is
 * not bound unless given (it would add umzug and pg): without it, migrations are refused with
 * a message that says how to enable them.
 */
export function awsPortsFromEnv(
  env: Env = process.env,
  overrides: Partial<Pick<Ports, 'migrator'>> & {
    /** Backup only: records row counts and checksums with each snapshot (`live-integrity-reader.ts`). */
    readonly readLiveIntegrity?: LiveIntegrityReader;
  } = {},
): ComposedPorts {
  const { migrator, readLiveIntegrity } = overrides;
  return awsPorts(env, {
    config: envConfig,
    router: elbv2Router,
    compute: ecsCompute,
    metrics: cloudWatchMetrics,
    alarms: cloudWatchAlarms,
    smoke: httpSmoke,
    snapshots: rdsSnapshots(readLiveIntegrity ? { readLiveIntegrity } : {}),
    restore: rdsSnapshotRestore,
    notifier: snsNotifier,
    callbacks: sfnCallbacks,
    store: dynamoDbStore,
    ...(migrator ? { migrator: () => () => migrator } : {}),
  });
}

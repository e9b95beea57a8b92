import { readFileSync } from 'node:fs';
import { Logger } from '@aws-lambda-powertools/logger';
import { createLocalDrDatabase, type LocalDrDatabase, localDrMetrics } from '../adapters/local/local-dr.ts';
import { createMemoryPorts, type MemoryPorts } from '../adapters/memory/memory-ports.ts';
import type { SqlDatabase } from '../db/engine/sql-database.ts';
import type { WorldClock } from '../local-world/clock/world-clock.ts';
import type { SnapshotStore } from '../local-world/db/snapshots.ts';
import { createMetricsStore, type MetricsStore } from '../local-world/metrics/metrics-store.ts';
import type { AslDefinition } from '../runtime/definition.ts';
import { type ExecutionRecord, LocalStepFunctions } from '../runtime/local-step-functions.ts';
import { packageFile } from '../runtime/package-files.ts';
import type { EnvironmentConfigInput } from '../schema/config.ts';
import type { DrDatabase } from './dr-ports.ts';
import type { DrillReport } from './dr-report.ts';
import { bindDrSteps } from './dr-steps.ts';

/** `statemachines/dr-test.asl.json`, found from this file so it works from any working directory. */
export const drAslPath = packageFile('statemachines/dr-test.asl.json');

/** The service and environment a local drill targets. */
export const localDrService = 'shop';
export const localDrEnvironment = 'local';

/** The local database's id, as the binding names it. */
export const localDrDatabaseId = 'local-db';

/**
 * The name of a stand-in for the database's automated backup taken at `atMs`, as RDS names them
 * (`rds:<database>-<yyyy-mm-dd-hh-mm>`): what a drill may restore (core/drillable-snapshots.ts).
 */
export const localBackupSnapshotId = (atMs: number, suffix = ''): string =>
  `rds:${localDrDatabaseId}-${new Date(atMs).toISOString().slice(0, 16).replace(/[T:]/g, '-')}${suffix}`;

/** A minimal environment config whose one service's database is the local one. */
export function localDrConfig(): EnvironmentConfigInput {
  return {
    environment: localDrEnvironment,
    trafficPlan: [{ weightPercent: 100, bakeSeconds: 60 }],
    standbySeconds: 60,
    services: {
      [localDrService]: {
        listener: 'listener/local',
        targetGroups: { blue: 'targetgroup/shop-blue/local', green: 'targetgroup/shop-green/local' },
        compute: { cluster: 'local', blue: 'shop-blue', green: 'shop-green' },
        database: { id: localDrDatabaseId, kind: 'instance' },
      },
    },
  };
}

export interface LocalDrillOptions {
  /** The live database; its latest snapshot in `store` is what the drill restores. */
  readonly db: SqlDatabase;
  readonly store: SnapshotStore;
  /** World time: the handlers stamp the drill, the restore and the report with it; Waits run on it. */
  readonly clock: WorldClock;
  /** The execution input; `service` and `environment` default to the local ones. */
  readonly request?: Readonly<Record<string, unknown>>;
  /** Damages each restored copy (see LocalDrDatabaseOptions.afterRestore). */
  readonly afterRestore?: (copy: SqlDatabase) => Promise<void>;
  /** Replaces parts of the DR database port (tests: a restore that fails, a cleanup that fails). */
  readonly overrideDatabase?: (local: LocalDrDatabase) => DrDatabase;
  /** @default statemachines/dr-test.asl.json */
  readonly aslPath?: string;
}

export interface LocalDrillResult {
  readonly execution: ExecutionRecord;
  /** What the Report step returned, or null when it did not run or failed. */
  readonly report: DrillReport | null;
  readonly ports: MemoryPorts;
  readonly database: LocalDrDatabase;
  readonly metrics: MetricsStore;
}

/**
 * Runs the real dr-test.asl.json once in LocalStepFunctions, each Task bound to the real DR
 * handler, the handlers bound to the local adapters: restores are snapshot copies, the
 * notifier and store are in memory, metrics go to a local metrics store.
 */
export async function runLocalDrill(options: LocalDrillOptions): Promise<LocalDrillResult> {
  const sfn = new LocalStepFunctions({ clock: options.clock });
  const ports = createMemoryPorts({
    configs: { [localDrEnvironment]: localDrConfig() },
    clock: options.clock,
    callbacks: sfn.tokens.asWorkflowCallbacks(),
  });
  const database = createLocalDrDatabase({
    store: options.store,
    db: options.db,
    ...(options.afterRestore && { afterRestore: options.afterRestore }),
  });
  const metrics = createMetricsStore({ clock: options.clock });
  const logger = new Logger({ serviceName: 'greenlight-dr', logLevel: 'SILENT' });
  const { substitutions, functions } = bindDrSteps(
    ports,
    {
      database: options.overrideDatabase?.(database) ?? database,
      metrics: localDrMetrics(metrics, options.clock),
    },
    { logger },
  );
  const text = readFileSync(options.aslPath ?? drAslPath, 'utf8').replace(
    /\$\{([A-Za-z0-9_]+)\}/g,
    (whole, name: string) => substitutions[name] ?? whole,
  );
  const machine = sfn.registerStateMachine({
    name: 'greenlight-dr-test',
    definition: JSON.parse(text) as AslDefinition,
    functions,
  });
  const execution = await sfn.startExecution({
    stateMachineArn: machine.stateMachineArn,
    name: `dr-${Date.now()}-${Math.floor(Math.random() * 1e6)}`,
    input: JSON.stringify({ service: localDrService, environment: localDrEnvironment, ...options.request }),
  }).finished;
  return { execution, report: reportOf(execution), ports, database, metrics };
}

/** The Report step's output, read from the execution history (it is there whatever the outcome). */
function reportOf(execution: ExecutionRecord): DrillReport | null {
  const exited = execution.history
    .all()
    .filter((event) => event.type === 'TaskStateExited')
    .map((event) => event.stateExitedEventDetails as { name?: string; output?: string } | undefined)
    .filter((details) => details?.name === 'Report');
  const output = exited.at(-1)?.output;
  if (!output) return null;
  const state = JSON.parse(output) as { report?: DrillReport };
  return state.report ?? null;
}

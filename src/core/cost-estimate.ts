/**
 * What one deployment costs Greenlight itself to run: the state transitions of its execution,
 * the Lambda invocations of its tasks, and the storage of its snapshot while it is kept. Not the
 * service's own compute, which the standby doubles and the bill shows under the service's tags.
 * Pure: `plan` estimates before, Finish records it after, with the holds that really happened.
 */
import type { EnvironmentConfig } from '../schema/config.ts';
import { formatNumber } from './format.ts';

/** AWS list prices in USD, us-east-1, Standard workflows, x86 Lambda (2026); set yours per region. */
export const listPricesUsd = {
  /** Step Functions Standard: $0.025 per 1,000 state transitions. */
  stateTransition: 0.000025,
  /** Lambda: $0.20 per million requests. */
  lambdaRequest: 0.0000002,
  /** Lambda: per GB-second of duration, x86. */
  lambdaGbSecond: 0.0000166667,
  /** RDS snapshot storage beyond the free allowance: per GB-month. */
  snapshotGbMonth: 0.095,
} as const;

/**
 * A task's Lambda returns in well under a second (the waits are callbacks); Migrate and
 * VerifyGreen's trial run longer. One second each, on average, is the estimate's assumption.
 */
export const assumedSecondsPerTask = 1;

export type CostPrices = { readonly [K in keyof typeof listPricesUsd]: number };

/** The shape of one execution, as the deploy workflow runs it. */
export interface ExecutionShape {
  readonly trafficSteps: number;
  /** Extra bakes of held steps (success criteria missed). */
  readonly holds: number;
  readonly approvalGate: boolean;
  readonly backup: boolean;
}

/**
 * States a successful execution enters: Preflight, NotifyStarted, ApprovalRequired,
 * [AwaitApproval], BackupRequired, [StartBackup, AwaitBackup], Migrate, DeployGreen, AwaitGreen,
 * VerifyGreen, then ShiftWeight, Bake, Verify and PlanComplete per bake, then Promote, Standby,
 * DecommissionBlue, FinishSucceeded, NotifySucceeded and Succeeded. Held to the real
 * deploy.asl.json by test/workflow/cost-estimate.test.ts.
 */
export function happyPathStates(shape: ExecutionShape): { states: number; tasks: number } {
  const bakes = shape.trafficSteps + shape.holds;
  const tasks =
    2 + // Preflight, NotifyStarted
    (shape.approvalGate ? 1 : 0) +
    (shape.backup ? 2 : 0) +
    4 + // Migrate, DeployGreen, AwaitGreen, VerifyGreen
    3 * bakes + // ShiftWeight, Bake, Verify
    5; // Promote, Standby, DecommissionBlue, FinishSucceeded, NotifySucceeded
  const notTasks = 2 + bakes + 1; // ApprovalRequired, BackupRequired, PlanComplete per bake, Succeeded
  return { states: tasks + notTasks, tasks };
}

export interface CostInputs extends ExecutionShape {
  /** Each task function's memory (the construct's `functionMemorySizeMb`). */
  readonly lambdaMemoryMb: number;
  /** Billed seconds a task's Lambda runs, on average: the waits are callbacks, not running code. */
  readonly lambdaSecondsPerTask: number;
  /** The database's size, for its snapshot; unknown: the snapshot's cost is given per GB. */
  readonly databaseGb: number | null;
  readonly retentionDays: number;
}

export interface CostLine {
  readonly what: string;
  readonly usd: number;
}

export interface CostEstimate {
  /** The total in USD, or the total without the snapshot when the database size is unknown. */
  readonly totalUsd: number;
  readonly lines: readonly CostLine[];
  /** One line for people: `about $0.0021 (…)`. */
  readonly text: string;
}

export function estimateCost(inputs: CostInputs, prices: CostPrices = listPricesUsd): CostEstimate {
  const { states, tasks } = happyPathStates(inputs);
  const gbSeconds = tasks * inputs.lambdaSecondsPerTask * (inputs.lambdaMemoryMb / 1024);
  const snapshotPerGb = prices.snapshotGbMonth * (inputs.retentionDays / 30);
  const lines: CostLine[] = [
    { what: `${states} state transitions`, usd: states * prices.stateTransition },
    {
      what: `${tasks} Lambda invocations, ${formatNumber(gbSeconds)} GB-s`,
      usd: tasks * prices.lambdaRequest + gbSeconds * prices.lambdaGbSecond,
    },
    ...(inputs.backup && inputs.databaseGb !== null
      ? [
          {
            what: `a ${inputs.databaseGb} GB snapshot kept ${inputs.retentionDays} days`,
            usd: inputs.databaseGb * snapshotPerGb,
          },
        ]
      : []),
  ];
  const totalUsd = lines.reduce((sum, line) => sum + line.usd, 0);
  const snapshotNote =
    inputs.backup && inputs.databaseGb === null
      ? `, plus ${usd(snapshotPerGb)} per GB of database for the snapshot kept ${inputs.retentionDays} days`
      : '';
  return {
    totalUsd,
    lines,
    text: `about ${usd(totalUsd)} (${lines.map((line) => `${line.what} ${usd(line.usd)}`).join(', ')})${snapshotNote}, at AWS list prices`,
  };
}

/** `$0.0012`, `$1.90`: cents when there are any, else the first significant digits. */
export function usd(amount: number): string {
  if (amount >= 0.1) return `$${amount.toFixed(2)}`;
  if (amount === 0) return '$0';
  return `$${amount.toPrecision(2)}`;
}

/** The estimate for a deployment under `config`: its plan, its backup, and the holds it had. */
export function deploymentCost(
  config: Pick<EnvironmentConfig, 'trafficPlan' | 'backup'>,
  run: { readonly approvalGate: boolean; readonly holds: number; readonly lambdaMemoryMb: number },
  prices: CostPrices = listPricesUsd,
): CostEstimate {
  return estimateCost(
    {
      trafficSteps: config.trafficPlan.length,
      holds: run.holds,
      approvalGate: run.approvalGate,
      backup: config.backup.enabled,
      lambdaMemoryMb: run.lambdaMemoryMb,
      lambdaSecondsPerTask: assumedSecondsPerTask,
      databaseGb: config.backup.databaseGb ?? null,
      retentionDays: config.backup.retentionDays,
    },
    prices,
  );
}

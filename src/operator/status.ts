/** `greenlight status` and `greenlight show`: the live view of one deployment. */
import type { AuditRecord } from '../audit/audit-record.ts';
import { describeDeployment, fullHistory } from './executions.ts';
import { type HistoryView, viewHistory } from './history-view.ts';
import type { SfnSession } from './sfn-session.ts';

export interface DeploymentStatus {
  readonly deploymentId: string;
  readonly status: string;
  readonly startDate: Date | undefined;
  readonly stopDate: Date | undefined;
  readonly request: Record<string, unknown> | null;
  readonly currentState: string | null;
  /** The waiting callback tasks (tokens are not shown). */
  readonly waiting: Array<{ step: string | null; state: string; since: Date | undefined }>;
  /** Green's current share, from the last ShiftWeight/Rollback in the history. */
  readonly greenPercent: number;
  readonly error?: string;
  readonly cause?: string;
  readonly history: HistoryView;
  /** The Store's audit record, when a store was reachable. */
  audit?: AuditRecord;
}

/** Reads DescribeExecution and the full history of a deployment. */
export async function deploymentStatus(session: SfnSession, deploymentId: string): Promise<DeploymentStatus> {
  const execution = await describeDeployment(session, deploymentId);
  const history = viewHistory(await fullHistory(session, execution.executionArn ?? ''));
  let request: Record<string, unknown> | null = null;
  try {
    request = JSON.parse(execution.input ?? 'null');
  } catch {
    request = null;
  }
  return {
    deploymentId,
    status: execution.status ?? '?',
    startDate: execution.startDate,
    stopDate: execution.stopDate,
    request,
    currentState: history.currentState,
    waiting: history.waiting.map((w) => ({ step: w.step, state: w.stateName, since: w.since })),
    greenPercent: history.weights.at(-1)?.greenPercent ?? 0,
    ...(execution.error ? { error: execution.error } : {}),
    ...(execution.cause ? { cause: execution.cause } : {}),
    history,
  };
}

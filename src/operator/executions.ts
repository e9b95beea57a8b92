/**
 * Reading executions: describe, full history (all pages), and the deployment list, the same
 * against AWS and the local endpoint.
 */
import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  ListExecutionsCommand,
} from '@aws-sdk/client-sfn';
import { ResourceNotFoundError } from '../errors.ts';
import { executionArnFor, type SfnSession } from './sfn-session.ts';

/** DescribeExecution for a deployment id (or execution ARN), with a message that names it when missing. */
export async function describeDeployment(
  session: SfnSession,
  deploymentId: string,
): Promise<DescribeExecutionCommandOutput> {
  const executionArn = executionArnFor(session.stateMachineArn, deploymentId);
  try {
    return await session.sfn.send(new DescribeExecutionCommand({ executionArn }));
  } catch (error) {
    if ((error as Error).name === 'ExecutionDoesNotExist') {
      throw new ResourceNotFoundError(
        `no deployment ${deploymentId} in ${session.stateMachineArn} (execution ${executionArn} does not exist); list them with greenlight history`,
      );
    }
    throw error;
  }
}

/** Every history event, oldest first. */
export async function fullHistory(session: SfnSession, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await session.sfn.send(
      new GetExecutionHistoryCommand({ executionArn, nextToken, maxResults: 1000 }),
    );
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

export interface DeploymentSummary {
  readonly deploymentId: string;
  readonly status: string;
  readonly startDate: Date | undefined;
  readonly stopDate: Date | undefined;
  readonly service?: string;
  readonly environment?: string;
  readonly version?: string;
  readonly releaseType?: string;
  readonly requestedBy?: string;
}

/** The newest `limit` deployments, optionally only one service and/or environment. */
export async function listDeployments(
  session: SfnSession,
  filter: { service?: string; environment?: string; limit?: number },
): Promise<DeploymentSummary[]> {
  const limit = filter.limit ?? 50;
  const rows: DeploymentSummary[] = [];
  let nextToken: string | undefined;
  do {
    const page = await session.sfn.send(
      new ListExecutionsCommand({ stateMachineArn: session.stateMachineArn, nextToken, maxResults: 100 }),
    );
    for (const item of page.executions ?? []) {
      if (rows.length >= limit) break;
      const described = await session.sfn.send(
        new DescribeExecutionCommand({ executionArn: item.executionArn }),
      );
      const input = parseInput(described.input);
      if (filter.service && input.service !== filter.service) continue;
      if (filter.environment && input.environment !== filter.environment) continue;
      rows.push({
        deploymentId: item.name ?? '?',
        status: item.status ?? '?',
        startDate: item.startDate,
        stopDate: item.stopDate,
        ...input,
      });
    }
    nextToken = rows.length >= limit ? undefined : page.nextToken;
  } while (nextToken);
  return rows.sort((a, b) => (b.startDate?.getTime() ?? 0) - (a.startDate?.getTime() ?? 0));
}

function parseInput(text: string | undefined): Partial<DeploymentSummary> {
  try {
    const raw = JSON.parse(text ?? '{}') as Record<string, unknown>;
    const pick = (name: string) => (typeof raw[name] === 'string' ? { [name]: raw[name] as string } : {});
    return {
      ...pick('service'),
      ...pick('environment'),
      ...pick('version'),
      ...pick('releaseType'),
      ...pick('requestedBy'),
    };
  } catch {
    return {};
  }
}

/** `greenlight deploy`: validates a request, starts the execution (name = deployment id), optionally waits. */
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { parseOrThrow } from '../schema/parse.ts';
import { type DeploymentRequest, deploymentRequestSchema } from '../schema/request.ts';
import { describeDeployment } from './executions.ts';
import type { SfnSession } from './sfn-session.ts';

export interface DeployResult {
  readonly deploymentId: string;
  readonly executionArn: string;
  readonly status: string;
  readonly error?: string;
  readonly cause?: string;
}

/** A readable, unique default id: `shop-1-4-2-<base36 time>`. */
export const defaultDeploymentId = (
  request: Pick<DeploymentRequest, 'service' | 'version'>,
  nowMs: number,
): string =>
  `${request.service}-${request.version.replace(/[^A-Za-z0-9]+/g, '-')}-${nowMs.toString(36)}`.slice(0, 80);

/** Starts a deployment. @throws InvalidRequestError naming every bad field of the request. */
export async function startDeployment(
  session: SfnSession,
  raw: unknown,
  options: { wait?: boolean; nowMs: number; pollMs?: number; sleep?: (ms: number) => Promise<void> },
): Promise<DeployResult> {
  const parsed = parseOrThrow('the deployment request', deploymentRequestSchema, raw);
  const request = {
    ...parsed,
    deploymentId: parsed.deploymentId ?? defaultDeploymentId(parsed, options.nowMs),
  };
  const started = await session.sfn.send(
    new StartExecutionCommand({
      stateMachineArn: session.stateMachineArn,
      name: request.deploymentId,
      input: JSON.stringify(request),
    }),
  );
  const executionArn = started.executionArn ?? '';
  if (!options.wait) return { deploymentId: request.deploymentId, executionArn, status: 'RUNNING' };
  const sleep = options.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
  for (;;) {
    const execution = await describeDeployment(session, request.deploymentId);
    if (execution.status !== 'RUNNING') {
      return {
        deploymentId: request.deploymentId,
        executionArn,
        status: execution.status ?? '?',
        ...(execution.error ? { error: execution.error } : {}),
        ...(execution.cause ? { cause: execution.cause } : {}),
      };
    }
    await sleep(options.pollMs ?? 2000);
  }
}

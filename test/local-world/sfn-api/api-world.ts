import { DescribeExecutionCommand, type DescribeExecutionOutput, SFNClient } from '@aws-sdk/client-sfn';
import { type StepFunctionsApi, startStepFunctionsApi } from '../../../src/local-world/sfn-api/server.ts';
import { stagingConfig } from '../../support/fixtures.ts';
import { createWorkflowHarness, type WorkflowHarness } from '../../support/workflow-harness.ts';

/** The real deploy workflow behind a local Step Functions API, and an SDK client pointed at it. */
export interface ApiWorld {
  readonly harness: WorkflowHarness;
  readonly api: StepFunctionsApi;
  readonly client: SFNClient;
  close(): Promise<void>;
}

/**
 * Minor releases wait at an approval gate (a team lead must answer the task token), and shop
 * already runs 1.0.0 on blue, so every execution started here pauses at `AwaitApproval`.
 */
export async function startApiWorld(options: { maxBodyBytes?: number } = {}): Promise<ApiWorld> {
  const harness = createWorkflowHarness({
    configs: { staging: stagingConfig({ approvals: { minor: [{ role: 'team-lead', count: 1 }] } }) },
  });
  harness.ports.store.live.set('shop#staging', { colour: 'blue', version: '1.0.0' });
  const api = await startStepFunctionsApi({ engine: harness.sfn, ...options });
  const client = new SFNClient({
    endpoint: api.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return {
    harness,
    api,
    client,
    close: async () => {
      client.destroy();
      await api.close();
      await harness.sfn.shutdown();
    },
  };
}

/** Resolves with the first non-null value of `probe`, polling every 5 ms (bounded, so a broken test fails). */
export async function poll<T>(probe: () => Promise<T | null | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The approval task token of deployment `name`, once the approval handler has stored it. */
export const approvalToken = (world: ApiWorld, name: string): Promise<string> =>
  poll(() => world.harness.ports.store.getCallback(name, 'approval'), `the approval token of ${name}`);

/** DescribeExecution, repeated until the execution is no longer RUNNING. */
export const finishedExecution = (world: ApiWorld, executionArn: string): Promise<DescribeExecutionOutput> =>
  poll(async () => {
    const described = await world.client.send(new DescribeExecutionCommand({ executionArn }));
    return described.status === 'RUNNING' ? null : described;
  }, `${executionArn} to finish`);

/** A raw AWS JSON 1.0 call, for what the SDK would never send. */
export async function rawCall(
  world: ApiWorld,
  init: { target?: string; body?: string; method?: string },
): Promise<{ status: number; errorTypeHeader: string | null; body: Record<string, unknown> }> {
  const response = await fetch(world.api.endpoint, {
    method: init.method ?? 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      ...(init.target === undefined ? {} : { 'x-amz-target': init.target }),
    },
    ...(init.method === 'GET' ? {} : { body: init.body ?? '{}' }),
  });
  return {
    status: response.status,
    errorTypeHeader: response.headers.get('x-amzn-errortype'),
    body: (await response.json()) as Record<string, unknown>,
  };
}

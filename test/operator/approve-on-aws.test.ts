import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { type RecordingServer, startRecordingServer } from '../support/recording-server.ts';
import { expectedSignature, parseAuthorization } from '../support/sigv4-check.ts';
import { runCli } from './run-cli.ts';

const stateMachineArn = 'arn:aws:states:eu-west-1:123456789012:stateMachine:greenlight-production-deploy';
const ana = 'arn:aws:sts::123456789012:assumed-role/Approvers/ana';
const sfn = mockClient(SFNClient);

/** Deployment d-1 waits at AwaitApproval (what describe-execution and the history say on AWS). */
function waitingAtApproval() {
  sfn.reset();
  sfn.on(DescribeExecutionCommand).resolves({
    executionArn: `${stateMachineArn.replace(':stateMachine:', ':execution:')}:d-1`,
    status: 'RUNNING',
    input: '{"service":"shop"}',
  });
  sfn.on(GetExecutionHistoryCommand).resolves({
    events: [
      {
        id: 1,
        type: 'TaskStateEntered',
        timestamp: new Date(0),
        stateEnteredEventDetails: { name: 'AwaitApproval' },
      },
      {
        id: 2,
        type: 'TaskScheduled',
        timestamp: new Date(0),
        taskScheduledEventDetails: {
          resource: 'invoke.waitForTaskToken',
          resourceType: 'lambda',
          region: 'eu-west-1',
          parameters: JSON.stringify({ Payload: { taskToken: 'token-1' } }),
        },
      },
    ],
  });
}

describe('greenlight approve | reject on AWS: the signed approval API', () => {
  let api: RecordingServer;
  let connection: string[];
  let stderr: string[];

  beforeAll(async () => {
    api = await startRecordingServer();
    connection = ['--state-machine-arn', stateMachineArn, '--region', 'eu-west-1', '--approval-url', api.url];
  });
  afterAll(() => api.close());
  beforeEach(() => {
    waitingAtApproval();
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDCLI');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'cli-secret');
    vi.stubEnv('AWS_SESSION_TOKEN', '');
    vi.stubEnv('GREENLIGHT_ENDPOINT', '');
    stderr = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr.push(String(chunk));
      return true;
    });
  });
  afterEach(() => {
    api.requests.length = 0;
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('approve signs the decision with the caller’s credentials and prints the IAM identity the gate recorded', async () => {
    // Prepare
    api.answer(202, { status: 'recorded', by: ana, detail: 'cab: 1 of 2' });
    // Act
    const out = await runCli(['approve', 'd-1', ...connection, '--role', 'cab', '--reason', 'CHG-1 ok']);
    // Assess
    expect(out).toContain(`approval recorded; AwaitApproval still waits (cab: 1 of 2). Recorded as ${ana}.`);
    const [request] = api.requests;
    if (!request) throw new Error('the approval API was not called');
    expect(JSON.parse(request.body)).toEqual({
      deploymentId: 'd-1',
      decision: 'approve',
      role: 'cab',
      reason: 'CHG-1 ok',
    });
    const auth = parseAuthorization(String(request.headers.authorization));
    expect(auth).toMatchObject({ accessKeyId: 'AKIDCLI', region: 'eu-west-1', service: 'lambda' });
    expect(auth.signature).toBe(expectedSignature(request, 'cli-secret'));
    // The gate answers the task, not the CLI.
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it('reject goes through the API too (recorded by the gate), not straight to SendTaskFailure', async () => {
    // Prepare
    api.answer(200, { status: 'rejected', by: ana, detail: `rejected by ${ana} (cab): not in window` });
    // Act
    const out = await runCli(['reject', 'd-1', ...connection, '--role', 'cab', '--reason', 'not in window']);
    // Assess
    expect(JSON.parse(api.requests[0]?.body ?? '{}')).toMatchObject({
      decision: 'reject',
      reason: 'not in window',
    });
    expect(out).toContain(
      `AwaitApproval failed with ApprovalRejectedError: rejected by ${ana} (cab): not in window`,
    );
    expect(sfn.commandCalls(SendTaskFailureCommand)).toHaveLength(0);
  });

  it('a refusal by the API exits 1 with the API’s reason, and nothing else is sent', async () => {
    // Prepare
    api.answer(403, {
      error: 'role "dev" is not one this gate requires (nothing was changed)',
      reason: 'wrong-role',
    });
    // Act
    const code = await main(['node', 'greenlight', 'approve', 'd-1', ...connection, '--role', 'dev']);
    // Assess
    expect(code).toBe(1);
    expect(stderr.join('')).toContain(
      'OperatorStateError: the approval of d-1 was refused (HTTP 403): role "dev" is not one this gate requires (nothing was changed)',
    );
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
    expect(sfn.commandCalls(SendTaskFailureCommand)).toHaveLength(0);
  });

  it('refuses a self-asserted approver on AWS with usage exit 2, before calling the API', async () => {
    const code = await main([
      'node',
      'greenlight',
      'approve',
      'd-1',
      ...connection,
      '--role',
      'cab',
      '--as',
      'boss',
    ]);
    expect(code).toBe(2);
    expect(stderr.join('')).toContain('drop --as "boss"');
    expect(api.requests).toHaveLength(0);
  });

  it('names the stack output when no approval API URL is given', async () => {
    vi.stubEnv('GREENLIGHT_APPROVAL_URL', '');
    const args = [
      'approve',
      'd-1',
      '--state-machine-arn',
      stateMachineArn,
      '--region',
      'eu-west-1',
      '--role',
      'cab',
    ];
    const code = await main(['node', 'greenlight', ...args]);
    expect(code).toBe(2);
    expect(stderr.join('')).toContain('ApprovalApiUrl output of the Greenlight-<environment> stack');
  });
});

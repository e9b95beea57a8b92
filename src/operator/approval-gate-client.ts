/**
 * How `greenlight approve` reaches the approval gate, so a CLI approval is counted like any
 * other (N distinct approvers per role) instead of completing the task at once:
 * - locally, the approval API `greenlight serve` hosts (`--approval-url`), naming the operator
 *   in a header, since there is no IAM locally;
 * - on AWS, the gate itself over the DynamoDB table (`--table` / `GREENLIGHT_TABLE`) and
 *   Step Functions, with the caller's own IAM permissions.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbStore } from '../adapters/aws/dynamodb-store.ts';
import { SfnCallbacks } from '../adapters/aws/sfn-callbacks.ts';
import { decideByIdentity } from '../approvals/identity-decision.ts';
import { InvalidRequestError } from '../errors.ts';
import { systemClock } from '../ports/clock.ts';
import { OperatorStateError } from './operator-errors.ts';

/** An approval the gate should count. */
export interface GateApproval {
  readonly deploymentId: string;
  readonly role: string;
  readonly by: string;
  readonly reason: string;
}

/** What the gate did: counted and still waiting, or counted and completed the task. */
export interface GateAnswer {
  readonly status: 'recorded' | 'approved';
  readonly detail: string;
}

/** Counts one approval. @throws OperatorStateError when the gate refuses it (nothing changed). */
export type ApprovalGateClient = (approval: GateApproval) => Promise<GateAnswer>;

/** The header `greenlight serve`'s approval API reads the operator from (see approval-api-server). */
const identityHeader = 'x-greenlight-operator';

/** Calls the local approval API of `greenlight serve` at `baseUrl`. */
export function httpApprovalGate(baseUrl: string): ApprovalGateClient {
  return async ({ deploymentId, role, by, reason }) => {
    const url = new URL('/approvals', baseUrl);
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [identityHeader]: by },
      body: JSON.stringify({ deploymentId, decision: 'approve', role, reason }),
    });
    const body = (await response.json().catch(() => ({}))) as {
      status?: string;
      detail?: string;
      error?: string;
    };
    if (!response.ok) {
      throw new OperatorStateError(
        `the approval of ${deploymentId} was refused (HTTP ${response.status}): ${body.error ?? 'no reason given'}`,
      );
    }
    if (body.status !== 'recorded' && body.status !== 'approved') {
      throw new OperatorStateError(`unexpected answer from ${url.href}: ${JSON.stringify(body)}`);
    }
    return { status: body.status, detail: body.detail ?? '' };
  };
}

export interface AwsGateOptions {
  readonly tableName: string;
  readonly region?: string;
  readonly profile?: string;
}

/** Runs the gate in the CLI over the DynamoDB table and Step Functions (AWS credentials decide who may). */
export function awsApprovalGate(options: AwsGateOptions): ApprovalGateClient {
  const config = {
    ...(options.region ? { region: options.region } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
  };
  const store = new DynamoDbStore({
    tableName: options.tableName,
    client: DynamoDBDocumentClient.from(new DynamoDBClient(config), {
      marshallOptions: { removeUndefinedValues: true },
    }),
  });
  const callbacks = new SfnCallbacks({ client: new SFNClient(config) });
  return async ({ deploymentId, role, by, reason }) => {
    const outcome = await decideByIdentity(
      { store, callbacks, clock: systemClock },
      { deploymentId, decision: 'approve', role, approver: by, reason, via: 'cli' },
    );
    if (outcome.status === 'refused') {
      throw new OperatorStateError(
        `the approval of ${deploymentId} was refused: ${outcome.detail} (nothing was changed)`,
      );
    }
    if (outcome.status === 'rejected') throw new OperatorStateError(outcome.detail);
    return { status: outcome.status, detail: outcome.detail };
  };
}

export interface GateConnection {
  readonly endpoint?: string;
  readonly approvalUrl?: string;
  readonly table?: string;
  readonly region?: string;
  readonly profile?: string;
}

/**
 * Picks the gate: the local approval API when a local endpoint is used, else DynamoDB.
 * @throws InvalidRequestError naming the missing flag.
 */
export function openApprovalGate(
  flags: GateConnection,
  env: NodeJS.ProcessEnv = process.env,
): ApprovalGateClient {
  if (flags.endpoint ?? env.GREENLIGHT_ENDPOINT) {
    const url = flags.approvalUrl ?? env.GREENLIGHT_APPROVAL_URL;
    if (!url) {
      throw new InvalidRequestError(
        "approvals are counted by greenlight serve's approval API: pass --approval-url (or set GREENLIGHT_APPROVAL_URL) to the URL it printed",
      );
    }
    try {
      new URL(url);
    } catch {
      throw new InvalidRequestError(
        `--approval-url: expected a URL such as http://127.0.0.1:8084 (got "${url}")`,
      );
    }
    return httpApprovalGate(url);
  }
  const tableName = flags.table ?? env.GREENLIGHT_TABLE;
  if (!tableName) {
    throw new InvalidRequestError(
      'approvals are counted in the Greenlight table: pass --table (or set GREENLIGHT_TABLE) to its DynamoDB table name',
    );
  }
  return awsApprovalGate({
    tableName,
    ...(flags.region ? { region: flags.region } : {}),
    ...(flags.profile ? { profile: flags.profile } : {}),
  });
}

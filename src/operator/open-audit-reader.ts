/**
 * Where `greenlight history` and `greenlight show` read the Store's durable record: on AWS the
 * Greenlight DynamoDB table (`--table` / `GREENLIGHT_TABLE`, the stack output `TableName`), with
 * the caller's own read permissions (`Greenlight.grantReadState`); against `greenlight serve`
 * (an `--endpoint`), the audit API it prints (`--audit-url` / `GREENLIGHT_AUDIT_URL`).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbStore } from '../adapters/aws/dynamodb-store.ts';
import { InvalidRequestError } from '../errors.ts';
import { httpAuditReader } from './http-audit-reader.ts';
import type { AuditReader } from './local-api-contract.ts';

export interface AuditConnection {
  readonly endpoint?: string;
  readonly auditUrl?: string;
  readonly table?: string;
  readonly region?: string;
  readonly profile?: string;
}

/**
 * The Greenlight table itself (AWS only): `history`/`show` read it, `greenlight unlock` reads,
 * releases and audits. `holding` names what the caller wants from it, for the error.
 * @throws InvalidRequestError when no table is named.
 */
export function openStore(
  flags: AuditConnection,
  env: NodeJS.ProcessEnv = process.env,
  holding = 'the lock is',
): DynamoDbStore {
  const tableName = flags.table ?? env.GREENLIGHT_TABLE;
  if (!tableName) {
    throw new InvalidRequestError(
      `${holding} in the Greenlight table: pass --table (or set GREENLIGHT_TABLE) to the TableName output of the Greenlight-<environment> stack`,
    );
  }
  const client = new DynamoDBClient({
    ...(flags.region ? { region: flags.region } : {}),
    ...(flags.profile ? { profile: flags.profile } : {}),
  });
  return new DynamoDbStore({
    tableName,
    client: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }),
  });
}

/**
 * Opens the reader.
 * @throws InvalidRequestError naming the missing or malformed flag.
 */
export function openAuditReader(flags: AuditConnection, env: NodeJS.ProcessEnv = process.env): AuditReader {
  if (flags.endpoint ?? env.GREENLIGHT_ENDPOINT) {
    const url = flags.auditUrl ?? env.GREENLIGHT_AUDIT_URL;
    if (!url) {
      throw new InvalidRequestError(
        'the audit records of greenlight serve are read through its audit API: pass --audit-url (or set GREENLIGHT_AUDIT_URL) to the URL it printed at startup',
      );
    }
    try {
      new URL(url);
    } catch {
      throw new InvalidRequestError(
        `--audit-url: expected a URL such as http://127.0.0.1:8085 (got "${url}")`,
      );
    }
    return httpAuditReader(url);
  }
  return openStore(flags, env, 'the audit records are');
}

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { InvalidRequestError, ResourceNotFoundError } from '../../errors.ts';
import { type Clock, systemClock } from '../../ports/clock.ts';
import type {
  AuditEvent,
  CallbackKind,
  DeploymentRecord,
  LiveRelease,
  LockAttempt,
  LockRecord,
  LockRequest,
  RecordedTable,
  SnapshotIntegrityRecord,
  Store,
} from '../../ports/store.ts';
import {
  auditKey,
  auditPrefix,
  byKindIndex,
  callbackKey,
  deploymentKey,
  deploymentKind,
  expiresAtSeconds,
  type ItemKey,
  liveKey,
  lockKey,
  reservedAttributes,
  snapshotIntegrityKey,
  successKey,
  ttlAttribute,
  withoutLayout,
} from './dynamodb-keys.ts';
import type { IamActionsOf } from './iam.ts';
import { callAws, isSdkError } from './sdk-errors.ts';

export interface DynamoDbStoreOptions {
  readonly tableName: string;
  /** @default a DocumentClient over a new DynamoDBClient, dropping undefined values */
  readonly client?: DynamoDBDocumentClient;
  /** @default systemClock */
  readonly clock?: Clock;
  /** Callback tokens expire after this; no callback task waits longer. @default 30 */
  readonly callbackRetentionDays?: number;
  /** Audit events expire after this. @default - kept forever (approval records are evidence) */
  readonly auditRetentionDays?: number;
}

/** Lock, deployments, audit trail, live colour and callbacks in one DynamoDB table. */
export class DynamoDbStore implements Store {
  /** The IAM actions each method calls (src/adapters/aws/iam.ts); the index queries are on the table's indexes. */
  static readonly iamActions: IamActionsOf<Store> = {
    acquireLock: ['dynamodb:PutItem', 'dynamodb:GetItem'],
    renewLock: ['dynamodb:UpdateItem'],
    releaseLock: ['dynamodb:DeleteItem'],
    readLock: ['dynamodb:GetItem'],
    getLive: ['dynamodb:GetItem'],
    setLive: ['dynamodb:PutItem'],
    putDeployment: ['dynamodb:PutItem'],
    updateDeployment: ['dynamodb:UpdateItem', 'dynamodb:PutItem'],
    getDeployment: ['dynamodb:GetItem'],
    listDeployments: ['dynamodb:Query'],
    hasSucceeded: ['dynamodb:GetItem'],
    appendAudit: ['dynamodb:PutItem'],
    listAudit: ['dynamodb:Query'],
    putCallback: ['dynamodb:PutItem'],
    getCallback: ['dynamodb:GetItem'],
    clearCallback: ['dynamodb:DeleteItem'],
    putSnapshotIntegrity: ['dynamodb:PutItem'],
    getSnapshotIntegrity: ['dynamodb:GetItem'],
  };

  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly clock: Clock;
  private readonly callbackRetentionDays: number;
  private readonly auditRetentionDays: number | undefined;

  constructor(options: DynamoDbStoreOptions) {
    this.tableName = options.tableName;
    this.client =
      options.client ??
      DynamoDBDocumentClient.from(new DynamoDBClient({}), {
        marshallOptions: { removeUndefinedValues: true },
      });
    this.clock = options.clock ?? systemClock;
    this.callbackRetentionDays = options.callbackRetentionDays ?? 30;
    this.auditRetentionDays = options.auditRetentionDays;
  }

  async acquireLock(request: LockRequest): Promise<LockAttempt> {
    // Two tries: the holder we read after a failed write may have released in between.
    for (let attempt = 0; attempt < 2; attempt += 1) {
      try {
        const response = await this.call('PutItem', request.key, () =>
          this.client.send(
            new PutCommand({
              TableName: this.tableName,
              Item: {
                ...lockKey(request.key),
                owner: request.owner,
                ...(request.executionId ? { executionId: request.executionId } : {}),
                acquiredAtMs: request.nowMs,
                renewedAtMs: request.nowMs,
              },
              // The rules of src/core/lock-rules.ts, as one conditional write: free; ours, from
              // the same execution; or a lease not renewed since :staleBefore.
              ConditionExpression:
                'attribute_not_exists(pk)' +
                (request.executionId
                  ? ' OR (#owner = :owner AND (attribute_not_exists(executionId) OR executionId = :executionId))'
                  : ' OR #owner = :owner') +
                ' OR renewedAtMs < :staleBefore' +
                ' OR (attribute_not_exists(renewedAtMs) AND acquiredAtMs < :staleBefore)',
              ExpressionAttributeNames: { '#owner': 'owner' },
              // DynamoDB refuses a value the expression does not use.
              ExpressionAttributeValues: {
                ':owner': request.owner,
                ...(request.executionId ? { ':executionId': request.executionId } : {}),
                ':staleBefore': request.nowMs - request.staleAfterMs,
              },
              ReturnValues: 'ALL_OLD',
            }),
          ),
        );
        const previous = response.Attributes ? lockRecordOf(request.key, response.Attributes) : null;
        return previous && previous.owner !== request.owner
          ? { acquired: true, tookOverFrom: previous }
          : { acquired: true };
      } catch (error) {
        if (!isSdkError(error, 'ConditionalCheckFailedException')) throw error;
        const holder = await this.readLock(request.key);
        if (holder) return { acquired: false, holder };
      }
    }
    return { acquired: false, holder: { key: request.key, owner: 'unknown', acquiredAtMs: request.nowMs } };
  }

  async renewLock(key: string, owner: string, nowMs: number): Promise<boolean> {
    try {
      await this.call('UpdateItem', key, () =>
        this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: lockKey(key),
            UpdateExpression: 'SET renewedAtMs = :now',
            ConditionExpression: '#owner = :owner',
            ExpressionAttributeNames: { '#owner': 'owner' },
            ExpressionAttributeValues: { ':owner': owner, ':now': nowMs },
          }),
        ),
      );
      return true;
    } catch (error) {
      // Released, or taken over as stale by another deployment: the lease is lost.
      if (isSdkError(error, 'ConditionalCheckFailedException')) return false;
      throw error;
    }
  }

  async releaseLock(key: string, owner: string): Promise<void> {
    try {
      await this.call('DeleteItem', key, () =>
        this.client.send(
          new DeleteCommand({
            TableName: this.tableName,
            Key: lockKey(key),
            ConditionExpression: '#owner = :owner',
            ExpressionAttributeNames: { '#owner': 'owner' },
            ExpressionAttributeValues: { ':owner': owner },
          }),
        ),
      );
    } catch (error) {
      // Not ours (or already gone): releasing a lock we do not hold is a no-op by contract.
      if (!isSdkError(error, 'ConditionalCheckFailedException')) throw error;
    }
  }

  async readLock(key: string): Promise<LockRecord | null> {
    const item = await this.get(lockKey(key), key);
    return item ? lockRecordOf(key, item) : null;
  }

  async getLive(service: string, environment: string): Promise<LiveRelease | null> {
    const item = await this.get(liveKey(service, environment), `${service}#${environment}`);
    return item ? { colour: item.colour as LiveRelease['colour'], version: String(item.version) } : null;
  }

  async setLive(service: string, environment: string, live: LiveRelease): Promise<void> {
    await this.put({ ...liveKey(service, environment), colour: live.colour, version: live.version });
  }

  async putDeployment(record: DeploymentRecord): Promise<void> {
    await this.put({ ...withoutLayout(record), ...deploymentKey(record.deploymentId), kind: deploymentKind });
    if (record.status === 'succeeded') await this.markSucceeded(record);
  }

  async updateDeployment(deploymentId: string, patch: Readonly<Record<string, unknown>>): Promise<void> {
    const fields = Object.entries(patch).filter(([, value]) => value !== undefined);
    const refused = fields
      .map(([name]) => name)
      .filter((name) => reservedAttributes.has(name) || name === 'deploymentId');
    if (refused.length > 0) {
      throw new InvalidRequestError(`deployment fields ${refused.join(', ')} cannot be changed`, refused);
    }
    if (fields.length === 0) return;
    try {
      const response = await this.call('UpdateItem', deploymentId, () =>
        this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: deploymentKey(deploymentId),
            UpdateExpression: `SET ${fields.map((_, i) => `#f${i} = :v${i}`).join(', ')}`,
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: Object.fromEntries(fields.map(([name], i) => [`#f${i}`, name])),
            ExpressionAttributeValues: Object.fromEntries(fields.map(([, value], i) => [`:v${i}`, value])),
            ReturnValues: 'ALL_NEW',
          }),
        ),
      );
      const updated = response.Attributes as DeploymentRecord | undefined;
      if (updated?.status === 'succeeded') await this.markSucceeded(updated);
    } catch (error) {
      if (!isSdkError(error, 'ConditionalCheckFailedException')) throw error;
      throw new ResourceNotFoundError(
        `deployment ${deploymentId} has no record to update; putDeployment comes first`,
        {
          cause: error,
        },
      );
    }
  }

  async getDeployment(deploymentId: string): Promise<DeploymentRecord | null> {
    const item = await this.get(deploymentKey(deploymentId), deploymentId);
    return item ? (withoutLayout(item) as DeploymentRecord) : null;
  }

  async listDeployments(filter: {
    service?: string;
    environment?: string;
  }): Promise<readonly DeploymentRecord[]> {
    const conditions = Object.entries(filter).filter(([, value]) => value !== undefined);
    const items = await this.query('deployments', {
      IndexName: byKindIndex,
      KeyConditionExpression: '#kind = :kind',
      ScanIndexForward: false,
      ...(conditions.length > 0 && {
        FilterExpression: conditions.map((_, i) => `#c${i} = :c${i}`).join(' AND '),
      }),
      ExpressionAttributeNames: {
        '#kind': 'kind',
        ...Object.fromEntries(conditions.map(([name], i) => [`#c${i}`, name])),
      },
      ExpressionAttributeValues: {
        ':kind': deploymentKind,
        ...Object.fromEntries(conditions.map(([, value], i) => [`:c${i}`, value])),
      },
    });
    return items.map((item) => withoutLayout(item) as DeploymentRecord);
  }

  async hasSucceeded(service: string, environment: string, version: string): Promise<boolean> {
    return (await this.get(successKey(service, environment, version), `${service}@${version}`)) !== null;
  }

  async appendAudit(deploymentId: string, event: AuditEvent): Promise<void> {
    const expiry =
      this.auditRetentionDays === undefined
        ? {}
        : { [ttlAttribute]: expiresAtSeconds(this.clock.nowMs(), this.auditRetentionDays) };
    // Events in the same millisecond get the next free `n`; the condition makes it race-free.
    for (let n = 0; ; n += 1) {
      try {
        await this.put(
          {
            ...auditKey(deploymentId, event.atMs, n),
            atMs: event.atMs,
            type: event.type,
            detail: event.detail,
            ...expiry,
          },
          'attribute_not_exists(sk)',
        );
        return;
      } catch (error) {
        if (!isSdkError(error, 'ConditionalCheckFailedException') || n >= 99) throw error;
      }
    }
  }

  async listAudit(deploymentId: string): Promise<readonly AuditEvent[]> {
    const items = await this.query(deploymentId, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': deploymentKey(deploymentId).pk, ':prefix': auditPrefix },
    });
    return items.map((item) => ({
      atMs: Number(item.atMs),
      type: String(item.type),
      detail: (item.detail ?? {}) as Record<string, unknown>,
    }));
  }

  async putCallback(deploymentId: string, kind: CallbackKind, taskToken: string): Promise<void> {
    await this.put({
      ...callbackKey(deploymentId, kind),
      taskToken,
      [ttlAttribute]: expiresAtSeconds(this.clock.nowMs(), this.callbackRetentionDays),
    });
  }

  async getCallback(deploymentId: string, kind: CallbackKind): Promise<string | null> {
    const item = await this.get(callbackKey(deploymentId, kind), `${deploymentId} ${kind} callback`);
    return typeof item?.taskToken === 'string' ? item.taskToken : null;
  }

  async clearCallback(deploymentId: string, kind: CallbackKind): Promise<void> {
    await this.call('DeleteItem', `${deploymentId} ${kind} callback`, () =>
      this.client.send(
        new DeleteCommand({ TableName: this.tableName, Key: callbackKey(deploymentId, kind) }),
      ),
    );
  }

  async putSnapshotIntegrity(snapshotId: string, record: SnapshotIntegrityRecord): Promise<void> {
    await this.put({
      ...snapshotIntegrityKey(snapshotId),
      recordedAtMs: record.recordedAtMs,
      tables: record.tables.map(({ table, rowCount, checksum }) => ({ table, rowCount, checksum })),
    });
  }

  async getSnapshotIntegrity(snapshotId: string): Promise<SnapshotIntegrityRecord | null> {
    const item = await this.get(snapshotIntegrityKey(snapshotId), `snapshot ${snapshotId} figures`);
    if (!item) return null;
    const tables = Array.isArray(item.tables) ? (item.tables as Record<string, unknown>[]) : [];
    return {
      recordedAtMs: Number(item.recordedAtMs),
      tables: tables.map(
        (t): RecordedTable => ({
          table: String(t.table),
          rowCount: Number(t.rowCount),
          checksum: String(t.checksum),
        }),
      ),
    };
  }

  private async markSucceeded(
    record: Pick<DeploymentRecord, 'service' | 'environment' | 'version' | 'deploymentId'>,
  ) {
    await this.put({
      ...successKey(record.service, record.environment, record.version),
      deploymentId: record.deploymentId,
      atMs: this.clock.nowMs(),
    });
  }

  private async get(key: ItemKey, what: string): Promise<Record<string, unknown> | null> {
    const response = await this.call('GetItem', what, () =>
      this.client.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true })),
    );
    return response.Item ?? null;
  }

  private async put(item: Record<string, unknown>, condition?: string): Promise<void> {
    await this.call('PutItem', String(item.pk), () =>
      this.client.send(
        new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: condition }),
      ),
    );
  }

  private async query(
    what: string,
    input: Omit<QueryCommandInput, 'TableName'>,
  ): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const response = await this.call('Query', what, () =>
        this.client.send(
          new QueryCommand({ ...input, TableName: this.tableName, ExclusiveStartKey: startKey }),
        ),
      );
      items.push(...(response.Items ?? []));
      startKey = response.LastEvaluatedKey;
    } while (startKey);
    return items;
  }

  /** Every call names the table and the item, so a missing table or grant is obvious. */
  private call<T>(operation: string, item: string, send: () => Promise<T>): Promise<T> {
    return callAws(
      { operation, resource: `table ${this.tableName} (${item})`, configHint: 'GREENLIGHT_TABLE_NAME' },
      send,
    );
  }
}

function lockRecordOf(key: string, item: Readonly<Record<string, unknown>>): LockRecord {
  return {
    key,
    owner: String(item.owner),
    ...(typeof item.executionId === 'string' ? { executionId: item.executionId } : {}),
    acquiredAtMs: Number(item.acquiredAtMs),
    ...(item.renewedAtMs !== undefined ? { renewedAtMs: Number(item.renewedAtMs) } : {}),
  };
}

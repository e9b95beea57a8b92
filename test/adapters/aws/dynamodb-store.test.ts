import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbStore } from '../../../src/adapters/aws/dynamodb-store.ts';
import { InvalidRequestError, ResourceNotFoundError } from '../../../src/errors.ts';
import { sdkError, translationCases } from './sdk-error-fixtures.ts';

const documents = mockClient(DynamoDBDocumentClient);
const nowMs = Date.UTC(2026, 0, 8, 22, 0, 0);
const store = () =>
  new DynamoDbStore({
    tableName: 'greenlight-production',
    client: DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' })),
    clock: { nowMs: () => nowMs },
  });
const conditionFailed = () =>
  sdkError('ConditionalCheckFailedException', 400, 'The conditional request failed');
const executionId = 'arn:aws:states:eu-west-1:123456789012:execution:greenlight-deploy:d-2';
const lockRequest = { key: 'shop#production', owner: 'd-2', executionId, nowMs, staleAfterMs: 86_400_000 };

describe('Class: DynamoDbStore', () => {
  beforeEach(() => {
    documents.reset();
  });

  describe('Method: acquireLock', () => {
    it('takes a free lock with a conditional put', async () => {
      // Prepare
      documents.on(PutCommand).resolves({});
      // Act
      const attempt = await store().acquireLock(lockRequest);
      // Assess
      expect(attempt).toEqual({ acquired: true });
      const input = documents.commandCalls(PutCommand)[0]?.args[0].input;
      expect(input?.Item).toEqual({
        pk: 'lock#shop#production',
        sk: 'lock',
        owner: 'd-2',
        executionId,
        acquiredAtMs: nowMs,
        renewedAtMs: nowMs,
      });
      // The lock rules as one write: free; ours from the same execution; or a lease not renewed
      // in time (a lock written before leases existed counts from when it was taken).
      expect(input?.ConditionExpression).toBe(
        'attribute_not_exists(pk)' +
          ' OR (#owner = :owner AND (attribute_not_exists(executionId) OR executionId = :executionId))' +
          ' OR renewedAtMs < :staleBefore' +
          ' OR (attribute_not_exists(renewedAtMs) AND acquiredAtMs < :staleBefore)',
      );
      expect(input?.ExpressionAttributeValues).toEqual({
        ':owner': 'd-2',
        ':executionId': executionId,
        ':staleBefore': nowMs - 86_400_000,
      });
    });

    it('uses no :executionId when the caller names none (DynamoDB refuses an unused value)', async () => {
      documents.on(PutCommand).resolves({});
      const { executionId: _none, ...withoutExecution } = lockRequest;
      await store().acquireLock(withoutExecution);
      const input = documents.commandCalls(PutCommand)[0]?.args[0].input;
      expect(input?.ConditionExpression).toContain(' OR #owner = :owner OR ');
      expect(Object.keys(input?.ExpressionAttributeValues ?? {})).toEqual([':owner', ':staleBefore']);
    });

    it('reports the stale holder it took over from', async () => {
      // Prepare
      documents.on(PutCommand).resolves({ Attributes: { owner: 'd-1', acquiredAtMs: 1 } });
      // Act / Assess
      await expect(store().acquireLock(lockRequest)).resolves.toEqual({
        acquired: true,
        tookOverFrom: { key: 'shop#production', owner: 'd-1', acquiredAtMs: 1 },
      });
    });

    it('returns the holder when the condition fails', async () => {
      // Prepare
      documents.on(PutCommand).rejects(conditionFailed());
      documents
        .on(GetCommand)
        .resolves({ Item: { pk: 'lock#shop#production', owner: 'd-1', acquiredAtMs: nowMs - 5 } });
      // Act / Assess
      await expect(store().acquireLock(lockRequest)).resolves.toEqual({
        acquired: false,
        holder: { key: 'shop#production', owner: 'd-1', acquiredAtMs: nowMs - 5 },
      });
    });

    it.each(
      translationCases(() => sdkError('ResourceNotFoundException', 400, 'Requested resource not found')),
    )('translates %s', async (_label, makeError, expected) => {
      documents.on(PutCommand).rejects(makeError());
      await expect(store().acquireLock(lockRequest)).rejects.toBeInstanceOf(expected);
    });
  });

  describe('Method: renewLock', () => {
    it('renews the lease only while we own the lock', async () => {
      documents.on(UpdateCommand).resolves({});
      await expect(store().renewLock('shop#production', 'd-2', nowMs)).resolves.toBe(true);
      expect(documents.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
        TableName: 'greenlight-production',
        Key: { pk: 'lock#shop#production', sk: 'lock' },
        UpdateExpression: 'SET renewedAtMs = :now',
        ConditionExpression: '#owner = :owner',
        ExpressionAttributeNames: { '#owner': 'owner' },
        ExpressionAttributeValues: { ':owner': 'd-2', ':now': nowMs },
      });
    });

    it('answers false when the lock is gone or someone else holds it', async () => {
      documents.on(UpdateCommand).rejects(conditionFailed());
      await expect(store().renewLock('shop#production', 'd-2', nowMs)).resolves.toBe(false);
    });

    it.each(
      translationCases(() => sdkError('ResourceNotFoundException', 400, 'Requested resource not found')),
    )('translates %s', async (_label, makeError, expected) => {
      documents.on(UpdateCommand).rejects(makeError());
      await expect(store().renewLock('shop#production', 'd-2', nowMs)).rejects.toBeInstanceOf(expected);
    });
  });

  describe('Method: releaseLock', () => {
    it('deletes only when we own it, ignoring a failed condition', async () => {
      // Prepare
      documents.on(DeleteCommand).rejects(conditionFailed());
      // Act
      await store().releaseLock('shop#production', 'd-2');
      // Assess
      expect(documents.commandCalls(DeleteCommand)[0]?.args[0].input).toMatchObject({
        Key: { pk: 'lock#shop#production', sk: 'lock' },
        ConditionExpression: '#owner = :owner',
      });
    });

    it('translates throttling', async () => {
      documents.on(DeleteCommand).rejects(sdkError('ProvisionedThroughputExceededException', 400));
      await expect(store().releaseLock('k', 'o')).rejects.toMatchObject({ name: 'ThrottledError' });
    });
  });

  describe('Method: live colour', () => {
    it('writes and reads the live release', async () => {
      // Prepare
      documents.on(PutCommand).resolves({});
      documents
        .on(GetCommand)
        .resolves({ Item: { pk: 'live#shop#production', colour: 'green', version: '1.4.2' } });
      // Act
      await store().setLive('shop', 'production', { colour: 'green', version: '1.4.2' });
      const live = await store().getLive('shop', 'production');
      // Assess
      expect(live).toEqual({ colour: 'green', version: '1.4.2' });
      expect(documents.commandCalls(PutCommand)[0]?.args[0].input.Item).toMatchObject({
        pk: 'live#shop#production',
        sk: 'live',
      });
    });

    it('returns null when nothing was ever deployed', async () => {
      documents.on(GetCommand).resolves({});
      await expect(store().getLive('shop', 'production')).resolves.toBeNull();
    });
  });

  describe('Method: deployments', () => {
    const record = {
      deploymentId: 'd-2',
      service: 'shop',
      environment: 'staging',
      version: '1.4.2',
      startedAtMs: nowMs,
      status: 'running' as const,
    };

    it('writes a record with the index attributes', async () => {
      // Prepare
      documents.on(PutCommand).resolves({});
      // Act
      await store().putDeployment(record);
      // Assess
      expect(documents.commandCalls(PutCommand)[0]?.args[0].input.Item).toEqual({
        ...record,
        pk: 'deployment#d-2',
        sk: 'record',
        kind: 'deployment',
      });
    });

    it('records a success marker when an update makes it succeeded', async () => {
      // Prepare
      documents.on(UpdateCommand).resolves({ Attributes: { ...record, status: 'succeeded' } });
      documents.on(PutCommand).resolves({});
      // Act
      await store().updateDeployment('d-2', { status: 'succeeded', finishedAtMs: nowMs });
      // Assess
      expect(documents.commandCalls(UpdateCommand)[0]?.args[0].input).toMatchObject({
        UpdateExpression: 'SET #f0 = :v0, #f1 = :v1',
        ExpressionAttributeNames: { '#f0': 'status', '#f1': 'finishedAtMs' },
      });
      expect(documents.commandCalls(PutCommand)[0]?.args[0].input.Item).toMatchObject({
        pk: 'success#shop#staging',
        sk: 'version#1.4.2',
      });
    });

    it('throws ResourceNotFoundError when updating a deployment with no record', async () => {
      documents.on(UpdateCommand).rejects(conditionFailed());
      await expect(store().updateDeployment('d-9', { status: 'refused' })).rejects.toBeInstanceOf(
        ResourceNotFoundError,
      );
    });

    it('refuses to change layout attributes', async () => {
      await expect(store().updateDeployment('d-2', { pk: 'x' })).rejects.toBeInstanceOf(InvalidRequestError);
    });

    it('lists deployments newest first through the index, filtered', async () => {
      // Prepare
      documents
        .on(QueryCommand)
        .resolvesOnce({
          Items: [{ ...record, pk: 'deployment#d-2', sk: 'record', kind: 'deployment' }],
          LastEvaluatedKey: { pk: 'x' },
        })
        .resolvesOnce({ Items: [] });
      // Act
      const listed = await store().listDeployments({ service: 'shop' });
      // Assess
      expect(listed).toEqual([record]);
      expect(documents.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
        IndexName: 'byKind',
        ScanIndexForward: false,
        FilterExpression: '#c0 = :c0',
        ExpressionAttributeValues: { ':kind': 'deployment', ':c0': 'shop' },
      });
    });

    it('answers hasSucceeded from the success marker', async () => {
      documents.on(GetCommand).resolves({});
      documents
        .on(GetCommand, { Key: { pk: 'success#shop#staging', sk: 'version#1.4.2' } })
        .resolves({ Item: { pk: 'x' } });
      await expect(store().hasSucceeded('shop', 'staging', '1.4.2')).resolves.toBe(true);
      await expect(store().hasSucceeded('shop', 'staging', '1.4.3')).resolves.toBe(false);
    });
  });

  describe('Method: audit', () => {
    it('appends with the next free sequence number in the same millisecond', async () => {
      // Prepare
      documents.on(PutCommand).rejectsOnce(conditionFailed()).resolves({});
      // Act
      await store().appendAudit('d-2', { atMs: nowMs, type: 'approval.granted', detail: { by: 'ana' } });
      // Assess
      const keys = documents.commandCalls(PutCommand).map((call) => call.args[0].input.Item?.sk);
      expect(keys).toEqual([`audit#00${nowMs}#0000`, `audit#00${nowMs}#0001`]);
    });

    it('lists audit events in order', async () => {
      // Prepare
      documents.on(QueryCommand).resolves({
        Items: [
          {
            pk: 'deployment#d-2',
            sk: 'audit#1',
            atMs: nowMs,
            type: 'step.started',
            detail: { step: 'Backup' },
          },
        ],
      });
      // Act / Assess
      await expect(store().listAudit('d-2')).resolves.toEqual([
        { atMs: nowMs, type: 'step.started', detail: { step: 'Backup' } },
      ]);
    });
  });

  describe('Method: callbacks', () => {
    it('stores a token with a TTL and reads it back', async () => {
      // Prepare
      documents.on(PutCommand).resolves({});
      documents.on(GetCommand).resolves({ Item: { taskToken: 'tok' } });
      // Act
      await store().putCallback('d-2', 'bake', 'tok');
      // Assess
      expect(documents.commandCalls(PutCommand)[0]?.args[0].input.Item).toEqual({
        pk: 'deployment#d-2',
        sk: 'callback#bake',
        taskToken: 'tok',
        expiresAt: Math.floor(nowMs / 1000) + 30 * 86_400,
      });
      await expect(store().getCallback('d-2', 'bake')).resolves.toBe('tok');
    });

    it('clears a token', async () => {
      documents.on(DeleteCommand).resolves({});
      await store().clearCallback('d-2', 'standby');
      expect(documents.commandCalls(DeleteCommand)[0]?.args[0].input.Key).toEqual({
        pk: 'deployment#d-2',
        sk: 'callback#standby',
      });
    });
  });

  describe('Method: snapshot integrity', () => {
    const record = {
      recordedAtMs: nowMs,
      tables: [
        { table: 'orders', rowCount: 12, checksum: '0cc175b9c0f1b6a831c399e269772661' },
        { table: 'users', rowCount: 0, checksum: 'd41d8cd98f00b204e9800998ecf8427e' },
      ],
    };

    it('round-trips the figures of a snapshot through one item keyed by its id', async () => {
      // Prepare: the get answers with whatever the put wrote
      documents.on(PutCommand).resolves({});
      await store().putSnapshotIntegrity('greenlight-shop-production-d-2', record);
      const written = documents.commandCalls(PutCommand)[0]?.args[0].input;
      documents.on(GetCommand).resolves({ Item: written?.Item });
      // Act
      const read = await store().getSnapshotIntegrity('greenlight-shop-production-d-2');
      // Assess
      expect(written?.Item).toEqual({
        pk: 'snapshot#greenlight-shop-production-d-2',
        sk: 'integrity',
        ...record,
      });
      expect(written?.ConditionExpression).toBeUndefined();
      expect(read).toEqual(record);
      expect(documents.commandCalls(GetCommand)[0]?.args[0].input).toMatchObject({
        Key: { pk: 'snapshot#greenlight-shop-production-d-2', sk: 'integrity' },
        ConsistentRead: true,
      });
    });

    it('returns null for a snapshot nothing was recorded for (e.g. an automated backup)', async () => {
      documents.on(GetCommand).resolves({});
      await expect(store().getSnapshotIntegrity('rds:shop-db-2026-01-08-03-00')).resolves.toBeNull();
    });

    it.each(translationCases(() => sdkError('ResourceNotFoundException', 400)))(
      'translates %s on read',
      async (_label, makeError, expected) => {
        documents.on(GetCommand).rejects(makeError());
        await expect(store().getSnapshotIntegrity('gl-1')).rejects.toBeInstanceOf(expected);
      },
    );
  });
});

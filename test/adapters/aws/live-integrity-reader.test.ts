import { CreateDBSnapshotCommand, RDSClient } from '@aws-sdk/client-rds';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  awsLiveIntegrityReaderFromEnv,
  secretLiveIntegrityReader,
} from '../../../src/adapters/aws/live-integrity-reader.ts';
import { awsPortsFromEnv, envNames } from '../../../src/adapters/aws/ports-from-env.ts';
import { ConfigError } from '../../../src/errors.ts';
import { binding, stackEnv } from './binding-fixture.ts';

const rds = mockClient(RDSClient);
const documents = mockClient(DynamoDBDocumentClient);
const secrets = mockClient(SecretsManagerClient);
const secretArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop-db-AbCdEf';
const env = stackEnv;
const withSecrets = { ...env, [envNames.databaseSecrets]: JSON.stringify({ shop: secretArn }) };

describe('Function: awsLiveIntegrityReaderFromEnv', () => {
  beforeEach(() => {
    secrets.reset();
  });

  it('reads nothing in a stack without database secrets', () => {
    expect(awsLiveIntegrityReaderFromEnv(env)).toBeUndefined();
  });

  it("reads the service's database with its secret, refusing a secret that is not an RDS one", async () => {
    // Prepare
    secrets.on(GetSecretValueCommand).resolves({ SecretString: 'not json' });
    const read = awsLiveIntegrityReaderFromEnv(withSecrets);
    // Act / Assess
    await expect(read?.(binding)).rejects.toThrow(`secret ${secretArn} is not JSON`);
    expect(secrets.commandCalls(GetSecretValueCommand)[0]?.args[0].input).toEqual({ SecretId: secretArn });
  });

  it('says which service has no secret and how to add one', async () => {
    const read = secretLiveIntegrityReader({
      client: new SecretsManagerClient({ region: 'eu-west-1' }),
      secretArnOf: () => {
        throw new ConfigError('GREENLIGHT_DATABASE_SECRETS has no secret for service shop');
      },
    });
    await expect(read(binding)).rejects.toBeInstanceOf(ConfigError);
  });
});

describe('Backup on AWS: awsPortsFromEnv with readLiveIntegrity', () => {
  beforeEach(() => {
    rds.reset();
    documents.reset();
  });

  it('stores the figures in the Greenlight table under the snapshot id, after the snapshot is requested', async () => {
    // Prepare
    const order: string[] = [];
    rds.on(CreateDBSnapshotCommand).callsFake(() => {
      order.push('CreateDBSnapshot');
      return {};
    });
    documents.on(PutCommand).callsFake(() => {
      order.push('PutItem');
      return {};
    });
    const tables = [{ table: 'orders', rowCount: 12, checksum: '0cc175b9c0f1b6a831c399e269772661' }];
    const ports = awsPortsFromEnv(withSecrets, {
      readLiveIntegrity: async () => {
        order.push('read');
        return tables;
      },
    });
    // Act
    await ports.snapshots.createSnapshot(binding, 'greenlight-shop-production-d-1', {});
    // Assess
    expect(order).toEqual(['read', 'CreateDBSnapshot', 'PutItem']);
    const put = documents.commandCalls(PutCommand)[0]?.args[0].input;
    expect(put?.TableName).toBe('greenlight-production');
    expect(put?.Item).toMatchObject({
      pk: 'snapshot#greenlight-shop-production-d-1',
      sk: 'integrity',
      tables,
    });
    expect(put?.Item?.recordedAtMs).toEqual(expect.any(Number));
  });

  it('takes the snapshot even when reading the figures fails', async () => {
    // Prepare
    rds.on(CreateDBSnapshotCommand).resolves({});
    const ports = awsPortsFromEnv(withSecrets, {
      readLiveIntegrity: async () => {
        throw new Error('cannot reach PostgreSQL at postgres://app:***@shop-db:5432/shop: timeout');
      },
    });
    // Act
    await ports.snapshots.createSnapshot(binding, 'greenlight-shop-production-d-1', {});
    // Assess
    expect(rds.commandCalls(CreateDBSnapshotCommand)).toHaveLength(1);
    expect(documents.commandCalls(PutCommand)).toHaveLength(0);
  });
});

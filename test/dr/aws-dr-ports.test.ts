import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { envNames } from '../../src/adapters/aws/ports-from-env.ts';
import { awsDrPortsFromEnv, drEnvNames } from '../../src/dr/aws-dr-ports.ts';
import { binding } from '../adapters/aws/binding-fixture.ts';

const documents = mockClient(DynamoDBDocumentClient);
const env = {
  AWS_REGION: 'eu-west-1',
  [envNames.environment]: 'production',
  [envNames.tableName]: 'greenlight-production',
  [envNames.serviceTargetGroups]: JSON.stringify({ shop: binding.targetGroups.blue }),
  [drEnvNames.securityGroupId]: 'sg-0123456789abcdef0',
};

describe('Function: awsDrPortsFromEnv', () => {
  beforeEach(() => {
    documents.reset();
  });

  it('compares a drill against the figures the Backup step recorded in the Greenlight table', async () => {
    // Prepare
    const tables = [{ table: 'orders', rowCount: 12, checksum: '0cc175b9c0f1b6a831c399e269772661' }];
    documents.on(GetCommand).resolves({
      Item: { pk: 'snapshot#greenlight-shop-production-d-1', sk: 'integrity', recordedAtMs: 1000, tables },
    });
    // Act
    const expected = await awsDrPortsFromEnv(env).database.expectedIntegrity(
      binding,
      'greenlight-shop-production-d-1',
    );
    // Assess
    expect(expected).toEqual(tables);
    expect(documents.commandCalls(GetCommand)[0]?.args[0].input).toMatchObject({
      TableName: 'greenlight-production',
      Key: { pk: 'snapshot#greenlight-shop-production-d-1', sk: 'integrity' },
    });
  });

  it('finds nothing to compare for a snapshot the Backup step did not take', async () => {
    documents.on(GetCommand).resolves({});
    await expect(
      awsDrPortsFromEnv(env).database.expectedIntegrity(binding, 'rds:shop-db-2026-01-08-03-00'),
    ).resolves.toBeNull();
  });
});

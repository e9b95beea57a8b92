import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InvalidRequestError } from '../../src/errors.ts';
import { openAuditReader } from '../../src/operator/open-audit-reader.ts';
import { runCli } from './run-cli.ts';

const documents = mockClient(DynamoDBDocumentClient);

describe('openAuditReader', () => {
  it.each([
    [
      'greenlight serve without its audit API',
      { endpoint: 'http://127.0.0.1:1' },
      /--audit-url .*printed at startup/,
    ],
    [
      'a malformed audit API URL',
      { endpoint: 'http://127.0.0.1:1', auditUrl: 'nope' },
      /--audit-url: expected a URL/,
    ],
    ['AWS without the table', {}, /--table .*TableName output of the Greenlight-<environment> stack/],
  ])('explains %s', (_label, flags, message) => {
    expect(() => openAuditReader(flags, {})).toThrow(InvalidRequestError);
    expect(() => openAuditReader(flags, {})).toThrow(message);
  });
});

describe('greenlight history | show on AWS read the Greenlight table', () => {
  afterEach(() => {
    documents.reset();
    vi.unstubAllEnvs();
  });

  it('history queries the deployment records of the table, filtered, and lists them', async () => {
    // Prepare
    vi.stubEnv('GREENLIGHT_ENDPOINT', '');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKID');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
    documents.on(QueryCommand).resolves({
      Items: [
        {
          pk: 'deployment#d-9',
          sk: 'deployment',
          kind: 'deployment',
          deploymentId: 'd-9',
          service: 'shop',
          environment: 'production',
          version: '1.4.2',
          startedAtMs: Date.UTC(2025, 0, 1),
          endedAtMs: Date.UTC(2025, 0, 1, 0, 10),
          status: 'succeeded',
        },
      ],
    });

    // Act
    const out = await runCli([
      'history',
      '--table',
      'greenlight-production',
      '--region',
      'eu-west-1',
      '--service',
      'shop',
    ]);

    // Assess
    expect(out).toMatch(
      /2025-01-01T00:00:00\.000Z\s+shop\s+production\s+1\.4\.2\s+succeeded\s+succeeded after 10 min\s+d-9/,
    );
    const [query] = documents.commandCalls(QueryCommand);
    expect(query?.args[0].input).toMatchObject({
      TableName: 'greenlight-production',
      ExpressionAttributeValues: { ':kind': 'deployment', ':c0': 'shop' },
    });
  });
});

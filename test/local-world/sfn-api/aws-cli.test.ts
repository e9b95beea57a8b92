import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { type ApiWorld, startApiWorld } from './api-world.ts';

const run = promisify(execFile);

/** The `aws` executable on PATH, if any: the suite must pass without the AWS CLI installed. */
function awsCliOnPath(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'aws');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** Runs `aws stepfunctions list-state-machines` against the endpoint, with throwaway credentials only. */
async function listWithCli(aws: string, endpoint: string): Promise<unknown> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('AWS_')),
  );
  const { stdout } = await run(
    aws,
    [
      'stepfunctions',
      'list-state-machines',
      '--endpoint-url',
      endpoint,
      '--region',
      'us-east-1',
      '--output',
      'json',
    ],
    {
      timeout: 20_000,
      env: {
        ...inherited,
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        AWS_PAGER: '',
        AWS_EC2_METADATA_DISABLED: 'true',
      },
    },
  );
  return JSON.parse(stdout);
}

/**
 * The request aws-cli 2.9 (botocore) sends for `list-state-machines`, captured verbatim: a SigV4
 * signature over the local credentials, which the local API must accept without checking.
 */
async function listAsTheCliSendsIt(endpoint: string): Promise<unknown> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'accept-encoding': 'identity',
      'x-amz-target': 'AWSStepFunctions.ListStateMachines',
      'content-type': 'application/x-amz-json-1.0',
      'user-agent': 'aws-cli/2.9.19 Python/3.11.2 command/stepfunctions.list-state-machines',
      'x-amz-date': '20261122T034159Z',
      authorization:
        'AWS4-HMAC-SHA256 Credential=local/20261122/us-east-1/states/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=d32e335487164f1e23e77d6f3424b4f63278d847fe7189223f831f0465a3dcaa',
    },
    body: '{}',
  });
  expect(response.status).toBe(200);
  return response.json();
}

const worlds: ApiWorld[] = [];
afterEach(async () => {
  await Promise.all(worlds.splice(0).map((w) => w.close()));
});

describe('Function: startStepFunctionsApi, used by the AWS CLI', () => {
  it('lists the deploy state machine for `aws stepfunctions list-state-machines --endpoint-url`', async () => {
    // Prepare
    const w = await startApiWorld();
    worlds.push(w);
    const aws = awsCliOnPath();

    // Act: the real CLI when installed, else the exact request it sends.
    const listed = aws ? await listWithCli(aws, w.api.endpoint) : await listAsTheCliSendsIt(w.api.endpoint);

    // Assess
    expect(listed).toEqual({
      stateMachines: [
        expect.objectContaining({
          stateMachineArn: w.harness.stateMachineArn,
          name: 'greenlight-deploy',
          type: 'STANDARD',
        }),
      ],
    });
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { type ApiWorld, rawCall, startApiWorld } from './api-world.ts';

const worlds: ApiWorld[] = [];
async function world(options: { maxBodyBytes?: number } = {}): Promise<ApiWorld> {
  const started = await startApiWorld(options);
  worlds.push(started);
  return started;
}

afterEach(async () => {
  await Promise.all(worlds.splice(0).map((w) => w.close()));
});

describe('Function: startStepFunctionsApi, on the wire (AWS JSON 1.0)', () => {
  it('answers an unsigned request with JSON in the x-amz-json-1.0 content type', async () => {
    // Prepare
    const w = await world();

    // Act
    const response = await fetch(w.api.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'AWSStepFunctions.ListStateMachines',
      },
      body: '{}',
    });
    const body = (await response.json()) as { stateMachines: { name: string; creationDate: unknown }[] };

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.stateMachines.map((machine) => machine.name)).toEqual(['greenlight-deploy']);
    // Epoch seconds, not milliseconds: the world's creation time, read as seconds.
    expect(body.stateMachines[0]?.creationDate).toBe(
      (w.harness.sfn.listStateMachines()[0]?.creationDate ?? 0) / 1000,
    );
  });

  it.each([
    {
      what: 'an action the API does not serve',
      call: { target: 'AWSStepFunctions.CreateStateMachine' },
      type: 'UnknownOperationException',
      mentions: 'CreateStateMachine',
    },
    {
      what: 'a target of another service',
      call: { target: 'DynamoDB_20120810.ListTables' },
      type: 'UnknownOperationException',
      mentions: 'DynamoDB_20120810.ListTables',
    },
    {
      what: 'no X-Amz-Target header',
      call: {},
      type: 'UnknownOperationException',
      mentions: 'X-Amz-Target',
    },
    {
      what: 'a body that is not JSON',
      call: { target: 'AWSStepFunctions.ListStateMachines', body: '{"maxResults": ' },
      type: 'SerializationException',
      mentions: 'not valid JSON',
    },
    {
      what: 'a body that is a JSON array',
      call: { target: 'AWSStepFunctions.ListStateMachines', body: '[]' },
      type: 'SerializationException',
      mentions: 'an array',
    },
    {
      what: 'a missing required field',
      call: { target: 'AWSStepFunctions.DescribeExecution', body: '{}' },
      type: 'MissingRequiredParameter',
      mentions: 'executionArn',
    },
    {
      what: 'a field of the wrong type',
      call: { target: 'AWSStepFunctions.SendTaskSuccess', body: '{"taskToken":"t","output":{"ok":true}}' },
      type: 'ValidationException',
      mentions: 'output',
    },
    {
      what: 'maxResults over 1000',
      call: { target: 'AWSStepFunctions.ListStateMachines', body: '{"maxResults":5000}' },
      type: 'ValidationException',
      mentions: 'maxResults',
    },
    {
      what: 'an unknown status filter',
      call: {
        target: 'AWSStepFunctions.ListExecutions',
        body: '{"stateMachineArn":"arn:aws:states:local:000000000000:stateMachine:greenlight-deploy","statusFilter":"DONE"}',
      },
      type: 'ValidationException',
      mentions: 'statusFilter',
    },
    {
      what: 'a malformed ARN',
      call: {
        target: 'AWSStepFunctions.DescribeStateMachine',
        body: '{"stateMachineArn":"greenlight-deploy"}',
      },
      type: 'InvalidArn',
      mentions: 'stateMachineArn',
    },
    {
      what: 'a nextToken that this API never issued',
      call: { target: 'AWSStepFunctions.ListStateMachines', body: '{"nextToken":"bm90IGEgdG9rZW4="}' },
      type: 'InvalidToken',
      mentions: 'bm90IGEgdG9rZW4=',
    },
    {
      what: 'a GET',
      call: { method: 'GET' },
      type: 'UnknownOperationException',
      mentions: 'POST',
    },
  ])('fails $what with a 400 $type that names it', async ({ call, type, mentions }) => {
    // Prepare
    const w = await world();

    // Act
    const response = await rawCall(w, call);

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.__type).toBe(type);
    expect(response.errorTypeHeader).toBe(type);
    expect(response.body.message).toContain(mentions);
  });

  it('fails a body over the size limit with 413 RequestEntityTooLarge', async () => {
    // Prepare
    const w = await world({ maxBodyBytes: 1024 });
    const input = JSON.stringify({ padding: 'x'.repeat(4096) });

    // Act
    const response = await rawCall(w, {
      target: 'AWSStepFunctions.StartExecution',
      body: JSON.stringify({ stateMachineArn: w.harness.stateMachineArn, input }),
    });

    // Assess
    expect(response.status).toBe(413);
    expect(response.body.__type).toBe('RequestEntityTooLarge');
    expect(response.body.message).toContain('1024');
    expect(w.harness.sfn.listExecutions({})).toEqual([]);
  });
});

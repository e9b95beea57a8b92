import {
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SfnCallbacks } from '../../../src/adapters/aws/sfn-callbacks.ts';
import { sdkError, translationCases } from './sdk-error-fixtures.ts';

const sfn = mockClient(SFNClient);
const callbacks = () => new SfnCallbacks({ client: new SFNClient({ region: 'eu-west-1' }) });
const token = 'AQCEAAAAKgAAAAMAAAAAAAAAAeXamPleTaskToken0123456789';

describe('Class: SfnCallbacks', () => {
  beforeEach(() => {
    sfn.reset();
  });

  it('sends success with the output as JSON', async () => {
    // Prepare
    sfn.on(SendTaskSuccessCommand).resolves({});
    // Act
    const outcome = await callbacks().succeed(token, { approved: true, by: 'ana' });
    // Assess
    expect(outcome).toBe('delivered');
    expect(sfn.commandCalls(SendTaskSuccessCommand)[0]?.args[0].input).toEqual({
      taskToken: token,
      output: '{"approved":true,"by":"ana"}',
    });
  });

  it('truncates the error and cause to the Step Functions limits', async () => {
    // Prepare
    sfn.on(SendTaskFailureCommand).resolves({});
    // Act
    await callbacks().fail(token, 'E'.repeat(300), 'c'.repeat(40_000));
    // Assess
    const input = sfn.commandCalls(SendTaskFailureCommand)[0]?.args[0].input;
    expect(input?.error).toHaveLength(256);
    expect(input?.cause).toHaveLength(32_768);
  });

  it.each(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken'])(
    'reports %s as expired, not as an error',
    async (name) => {
      // Prepare
      sfn.on(SendTaskFailureCommand).rejects(sdkError(name, 400));
      // Act / Assess
      await expect(callbacks().fail(token, 'AlarmTriggeredError', 'alarm')).resolves.toBe('expired');
    },
  );

  it('sends a heartbeat', async () => {
    sfn.on(SendTaskHeartbeatCommand).resolves({});
    await expect(callbacks().heartbeat(token)).resolves.toBe('delivered');
    expect(sfn.commandCalls(SendTaskHeartbeatCommand)).toHaveLength(1);
  });

  it.each(translationCases(() => sdkError('ResourceNotFound', 404)))(
    'translates %s',
    async (_label, makeError, expected) => {
      sfn.on(SendTaskSuccessCommand).rejects(makeError());
      await expect(callbacks().succeed(token, {})).rejects.toBeInstanceOf(expected);
    },
  );
});

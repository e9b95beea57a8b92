import { describe, expect, it } from 'vitest';
import {
  optionalBoolean,
  pageSize,
  requiredArn,
  requiredString,
} from '../../../src/local-world/sfn-api/request-fields.ts';

const machineArn = 'arn:aws:states:us-east-1:123456789012:stateMachine:greenlight-deploy';
const executionArn = 'arn:aws:states:us-east-1:123456789012:execution:greenlight-deploy:deploy-1';

describe('Module: sfn-api request fields', () => {
  it.each([
    [machineArn, 'stateMachine'],
    [executionArn, 'execution'],
    ['arn:aws-us-gov:states:us-gov-west-1:123456789012:stateMachine:m', 'stateMachine'],
    ['arn:aws:states:local:000000000000:execution:m:e', 'execution'],
  ] as const)('accepts %s as a %s ARN', (arn, kind) => {
    expect(requiredArn({ arn }, 'arn', kind)).toBe(arn);
  });

  it.each([
    [executionArn, 'stateMachine'],
    [machineArn, 'execution'],
    ['greenlight-deploy', 'stateMachine'],
    ['arn:aws:lambda:us-east-1:123456789012:function:f', 'stateMachine'],
    ['arn:aws:states:us-east-1:123456789012:stateMachine:m:extra', 'stateMachine'],
  ] as const)('fails %s as a %s ARN with InvalidArn naming the field', (arn, kind) => {
    expect(() => requiredArn({ arn }, 'arn', kind)).toThrow(
      expect.objectContaining({ code: 'InvalidArn', message: expect.stringContaining(`'arn'`) }),
    );
  });

  it.each([
    [{}, 'MissingRequiredParameter'],
    [{ taskToken: null }, 'MissingRequiredParameter'],
    [{ taskToken: '' }, 'ValidationException'],
    [{ taskToken: 7 }, 'ValidationException'],
  ])('fails taskToken in %j with %s', (body, code) => {
    expect(() => requiredString(body, 'taskToken')).toThrow(
      expect.objectContaining({ code, message: expect.stringContaining('taskToken') }),
    );
  });

  it.each([
    [{}, 100],
    [{ maxResults: 0 }, 100],
    [{ maxResults: 3 }, 3],
    [{ maxResults: 1000 }, 1000],
  ])('reads the page size of %j as %i', (body, size) => {
    expect(pageSize(body, 100)).toBe(size);
  });

  it.each([{ maxResults: 1001 }, { maxResults: -1 }, { maxResults: 2.5 }, { maxResults: '10' }])(
    'fails page size %j with ValidationException',
    (body) => {
      expect(() => pageSize(body, 100)).toThrow(expect.objectContaining({ code: 'ValidationException' }));
    },
  );

  it('reads an optional boolean, defaulting when absent and refusing strings', () => {
    expect(optionalBoolean({}, 'reverseOrder', false)).toBe(false);
    expect(optionalBoolean({ reverseOrder: true }, 'reverseOrder', false)).toBe(true);
    expect(() => optionalBoolean({ reverseOrder: 'true' }, 'reverseOrder', false)).toThrow(
      expect.objectContaining({ code: 'ValidationException' }),
    );
  });
});

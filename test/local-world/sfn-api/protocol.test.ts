import { describe, expect, it } from 'vitest';
import {
  actionFromTarget,
  errorResponse,
  parseRequestBody,
  successResponse,
  toEpochSeconds,
} from '../../../src/local-world/sfn-api/protocol.ts';
import { StepFunctionsApiError } from '../../../src/runtime/local-step-functions.ts';

describe('Module: sfn-api protocol', () => {
  it.each([
    ['AWSStepFunctions.StartExecution', 'StartExecution'],
    [['AWSStepFunctions.ListExecutions'], 'ListExecutions'],
  ])('reads the action of X-Amz-Target %j', (target, action) => {
    expect(actionFromTarget(target)).toBe(action);
  });

  it.each([undefined, '', 'AWSStepFunctions.', 'Lambda.Invoke'])(
    'fails X-Amz-Target %j with UnknownOperationException',
    (target) => {
      expect(() => actionFromTarget(target)).toThrow(
        expect.objectContaining({ code: 'UnknownOperationException' }),
      );
    },
  );

  it.each([
    ['', {}],
    ['  ', {}],
    ['{"name":"deploy-1"}', { name: 'deploy-1' }],
  ])('parses body %j', (text, expected) => {
    expect(parseRequestBody(text)).toEqual(expected);
  });

  it.each(['{', 'null', '"text"', '[1]', '42'])('fails body %j with SerializationException', (text) => {
    expect(() => parseRequestBody(text)).toThrow(expect.objectContaining({ code: 'SerializationException' }));
  });

  it.each([
    [
      new StepFunctionsApiError('ExecutionDoesNotExist', 'Execution Does Not Exist: x'),
      400,
      'ExecutionDoesNotExist',
    ],
    [new StepFunctionsApiError('RequestEntityTooLarge', 'too big'), 413, 'RequestEntityTooLarge'],
    [new TypeError('boom'), 500, 'InternalFailure'],
  ])('answers %s with HTTP %i and __type %s in body and header', (error, status, type) => {
    const wire = errorResponse(error, 'req-1');

    expect(wire.status).toBe(status);
    expect(wire.headers['x-amzn-errortype']).toBe(type);
    expect(wire.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(JSON.parse(wire.body)).toEqual({ __type: type, message: (error as Error).message });
  });

  it('answers success as x-amz-json-1.0 with the request id', () => {
    const wire = successResponse({ stopDate: 1.5 }, 'req-2');

    expect(wire).toEqual({
      status: 200,
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'req-2' },
      body: '{"stopDate":1.5}',
    });
  });

  it('writes timestamps as fractional epoch seconds', () => {
    expect(toEpochSeconds(1_700_000_000_123)).toBe(1_700_000_000.123);
  });
});

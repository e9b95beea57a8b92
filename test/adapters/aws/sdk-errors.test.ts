import { describe, expect, it } from 'vitest';
import { callAws, classifySdkError, translateSdkError } from '../../../src/adapters/aws/sdk-errors.ts';
import {
  AccessDeniedError,
  ResourceNotFoundError,
  ServiceUnavailableError,
  ThrottledError,
} from '../../../src/errors.ts';
import { sdkError } from './sdk-error-fixtures.ts';

const call = {
  operation: 'ModifyListener',
  resource: 'arn:listener/x',
  configHint: 'listener in the config',
};

describe('Function: classifySdkError', () => {
  it.each([
    ['ThrottlingException', 400, 'throttled'],
    ['Throttling', 400, 'throttled'],
    ['TooManyRequestsException', 429, 'throttled'],
    ['ProvisionedThroughputExceededException', 400, 'throttled'],
    ['RequestLimitExceeded', 503, 'throttled'],
    ['InternalFailure', 500, 'unavailable'],
    ['SomethingOdd', 503, 'unavailable'],
    ['TimeoutError', 0, 'unavailable'],
    ['ListenerNotFoundException', 400, 'not-found'],
    ['TargetGroupNotFoundException', 400, 'not-found'],
    ['DBInstanceNotFoundFault', 404, 'not-found'],
    ['ServiceNotFoundException', 400, 'not-found'],
    ['ResourceNotFoundException', 400, 'not-found'],
    ['AccessDenied', 403, 'access-denied'],
    ['AccessDeniedException', 400, 'access-denied'],
    ['UnauthorizedOperation', 403, 'access-denied'],
    ['ValidationError', 400, undefined],
  ])('classifies %s (HTTP %i) as %s', (name, status, expected) => {
    // Act
    const kind = classifySdkError(sdkError(name, status));
    // Assess
    expect(kind).toBe(expected);
  });

  it('classifies a reset connection as unavailable', () => {
    // Prepare
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    // Act / Assess
    expect(classifySdkError(reset)).toBe('unavailable');
  });

  it('leaves non-errors alone', () => {
    expect(classifySdkError('boom')).toBeUndefined();
  });
});

describe('Function: translateSdkError', () => {
  it.each([
    ['ThrottlingException', 400, ThrottledError],
    ['InternalFailure', 500, ServiceUnavailableError],
    ['ListenerNotFoundException', 400, ResourceNotFoundError],
    ['AccessDeniedException', 400, AccessDeniedError],
  ])('turns %s into the domain error', (name, status, expected) => {
    // Act
    const translated = translateSdkError(sdkError(name, status), call);
    // Assess
    expect(translated).toBeInstanceOf(expected);
    expect((translated as Error).message).toContain('ModifyListener on arn:listener/x failed');
  });

  it('says what to check when a resource is missing', () => {
    // Act
    const translated = translateSdkError(sdkError('ListenerNotFoundException', 400), call) as Error;
    // Assess
    expect(translated.message).toContain('listener in the config');
    expect(translated.cause).toBeInstanceOf(Error);
  });

  it('returns an unknown error unchanged', () => {
    // Prepare
    const original = sdkError('ValidationError', 400);
    // Act / Assess
    expect(translateSdkError(original, call)).toBe(original);
  });
});

describe('Function: callAws', () => {
  it('returns the result of a successful call', async () => {
    await expect(callAws(call, async () => 42)).resolves.toBe(42);
  });

  it('throws the translated error', async () => {
    await expect(
      callAws(call, async () => {
        throw sdkError('ThrottlingException', 400);
      }),
    ).rejects.toBeInstanceOf(ThrottledError);
  });
});

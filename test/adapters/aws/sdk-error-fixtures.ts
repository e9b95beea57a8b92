import {
  AccessDeniedError,
  ResourceNotFoundError,
  ServiceUnavailableError,
  ThrottledError,
} from '../../../src/errors.ts';

/** An error shaped like the ones AWS SDK v3 clients throw. */
export function sdkError(name: string, httpStatusCode: number, message = `${name} happened`): Error {
  return Object.assign(new Error(message), {
    name,
    $fault: httpStatusCode >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode, requestId: 'req-1', attempts: 1, totalRetryDelay: 0 },
  });
}

export const throttling = () => sdkError('ThrottlingException', 400, 'Rate exceeded');
export const serverFault = () => sdkError('InternalFailure', 500, 'We encountered an internal error');
export const accessDenied = () =>
  sdkError('AccessDeniedException', 400, 'User: arn:aws:sts::123:assumed-role/x is not authorized');

/**
 * The translations every adapter must make, given the not-found error its service throws.
 * Rows: [label, error factory, expected domain error class].
 */
export function translationCases(notFound: () => Error) {
  return [
    ['throttling', throttling, ThrottledError],
    ['a 5xx', serverFault, ServiceUnavailableError],
    ['not found', notFound, ResourceNotFoundError],
    ['access denied', accessDenied, AccessDeniedError],
  ] as const;
}

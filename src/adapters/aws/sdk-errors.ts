import {
  AccessDeniedError,
  ResourceNotFoundError,
  ServiceUnavailableError,
  ThrottledError,
} from '../../errors.ts';

/**
 * The one place where AWS SDK v3 errors become Greenlight's domain errors.
 *
 * Only the shapes we can act on are translated: throttling and service faults become
 * retryable errors (the ASL retries them with backoff), a missing resource or a missing
 * permission become terminal errors. Anything else is rethrown unchanged, so that a bug is
 * not disguised as an AWS problem.
 */

/** What was being attempted, for the message: `ModifyListener on arn:...:listener/app/shop/...`. */
export interface AwsCall {
  /** The API operation, e.g. `ModifyListener`. */
  readonly operation: string;
  /** The ARN, name or id the call acted on. */
  readonly resource: string;
  /** What the operator should check when the resource is missing, e.g. `services.shop.listener in config`. */
  readonly configHint?: string;
}

const throttlingNames = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'PriorRequestNotComplete',
]);

const transientNames = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalServerError',
  'InternalFailure',
  'InternalError',
]);

const transientCodes = new Set(['ECONNRESET', 'ETIMEDOUT', 'ECONNREFUSED', 'EPIPE', 'EAI_AGAIN']);

const accessDeniedNames = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'AuthorizationError',
  'AuthorizationErrorException',
  'KMSAccessDeniedException',
]);

/** Names that say "the thing you named is not there", beyond the generic `*NotFound*` pattern. */
const notFoundNames = new Set([
  'NoSuchEntity',
  'TaskDoesNotExist',
  'TaskTimedOut',
  'StateMachineDoesNotExist',
]);

interface SdkErrorShape {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
  readonly $fault?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown };
}

function shapeOf(error: unknown): SdkErrorShape {
  return typeof error === 'object' && error !== null ? (error as SdkErrorShape) : {};
}

/** The error kind we translate to, or `undefined` to rethrow as-is. Pure, exported for tests. */
export function classifySdkError(
  error: unknown,
): 'throttled' | 'unavailable' | 'not-found' | 'access-denied' | undefined {
  const shape = shapeOf(error);
  const name = typeof shape.name === 'string' ? shape.name : '';
  const code = typeof shape.code === 'string' ? shape.code : '';
  const status = typeof shape.$metadata?.httpStatusCode === 'number' ? shape.$metadata.httpStatusCode : 0;
  if (throttlingNames.has(name) || status === 429) return 'throttled';
  if (accessDeniedNames.has(name)) return 'access-denied';
  if (notFoundNames.has(name) || /NotFound/.test(name)) return 'not-found';
  if (transientNames.has(name) || transientCodes.has(code) || transientCodes.has(name)) return 'unavailable';
  if (shape.$fault === 'server' || status >= 500) return 'unavailable';
  return undefined;
}

function describe(error: unknown): string {
  const shape = shapeOf(error);
  const name = typeof shape.name === 'string' ? shape.name : 'Error';
  const message = typeof shape.message === 'string' ? shape.message : String(error);
  return `${name}: ${message}`;
}

/**
 * Translates an SDK error thrown by `call` into a domain error, or returns it unchanged.
 * The message names the call, the resource and what to check.
 */
export function translateSdkError(error: unknown, call: AwsCall): unknown {
  const what = `${call.operation} on ${call.resource} failed (${describe(error)})`;
  switch (classifySdkError(error)) {
    case 'throttled':
      return new ThrottledError(`${what}; AWS is throttling, the step will retry with backoff`, {
        cause: error,
      });
    case 'unavailable':
      return new ServiceUnavailableError(
        `${what}; the service or network is unavailable, the step will retry`,
        {
          cause: error,
        },
      );
    case 'not-found':
      return new ResourceNotFoundError(
        `${what}; check that it exists in this account and region${call.configHint ? ` and that ${call.configHint} names it` : ''}`,
        { cause: error },
      );
    case 'access-denied':
      return new AccessDeniedError(
        `${what}; the function's role may not do ${call.operation} on it: check the Greenlight stack's IAM grants and the resource's policy`,
        { cause: error },
      );
    default:
      return error;
  }
}

/** Runs one SDK call and translates what it throws. */
export async function callAws<T>(call: AwsCall, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw translateSdkError(error, call);
  }
}

/** True when `error` is the SDK error `name` (e.g. `ConditionalCheckFailedException`). */
export function isSdkError(error: unknown, name: string): boolean {
  return shapeOf(error).name === name;
}

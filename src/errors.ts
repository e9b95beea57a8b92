/**
 * The one error hierarchy of Greenlight.
 *
 * Each class's `name` is exactly the error name that Step Functions sees when a handler
 * throws it (the Lambda Node.js runtime reports `error.name` as the errorType), so the ASL
 * `Retry` and `Catch` blocks name these classes. `test/asl/error-names.test.ts` keeps the
 * ASL and this file in step.
 *
 * Retryable errors are transient (throttling, a service hiccup): the ASL retries them with
 * backoff. Terminal errors mean "stop and roll back": retrying cannot help.
 */

export interface GreenlightErrorOptions {
  readonly cause?: unknown;
}

/** Base of every error Greenlight raises on purpose. */
export abstract class GreenlightError extends Error {
  /** True when the same call may succeed if tried again later. */
  abstract readonly retryable: boolean;

  constructor(message: string, options: GreenlightErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
  }
}

/** A transient failure: the ASL retries it with backoff. */
export abstract class RetryableError extends GreenlightError {
  readonly retryable = true;
}

/** A failure that retrying cannot fix: the workflow stops (and rolls back if traffic may have moved). */
export abstract class TerminalError extends GreenlightError {
  readonly retryable = false;
}

// ---- retryable -------------------------------------------------------------------------

/** The AWS API (or the local world playing it) asked us to slow down. */
export class ThrottledError extends RetryableError {}

/** The AWS API answered 5xx, timed out, or the connection dropped. */
export class ServiceUnavailableError extends RetryableError {}

// ---- terminal: input, config, policy ---------------------------------------------------

/** The deployment request or a handler's input is malformed. The message names the field. */
export class InvalidRequestError extends TerminalError {
  constructor(
    message: string,
    readonly issues: readonly string[] = [],
    options?: GreenlightErrorOptions,
  ) {
    super(message, options);
  }
}

/** The environment configuration is invalid. The message names the setting and the fix. */
export class ConfigError extends TerminalError {}

/** Another deployment of the same service and environment holds the lock. */
export class LockHeldError extends TerminalError {}

/**
 * This deployment's lease on the lock is gone (released, or taken over as stale): another
 * deployment may own the service now, so this one changes nothing more.
 */
export class LockLostError extends TerminalError {}

/** The change policy refuses the deployment (window, freeze or promotion rule). */
export class PolicyDeniedError extends TerminalError {}

/**
 * An approver rejected the deployment, the approval timed out with reject as default, or the
 * gate lost its heartbeat (the approval reminder stopped running): approval gates fail closed.
 */
export class ApprovalRejectedError extends TerminalError {}

// ---- terminal: AWS answers -------------------------------------------------------------

/** A resource Greenlight was told to use does not exist. */
export class ResourceNotFoundError extends TerminalError {}

/** Greenlight's role may not perform an action it needs. */
export class AccessDeniedError extends TerminalError {}

// ---- terminal: the deployment itself ---------------------------------------------------

/** The database snapshot failed, or did not become available within its bound. */
export class BackupFailedError extends TerminalError {}

/** A migration failed (its transaction was rolled back) or was refused. */
export class MigrationFailedError extends TerminalError {}

/** The green service did not become stable and healthy within its bound. */
export class GreenUnhealthyError extends TerminalError {}

/** The listener did not hold the weights we set when read back. */
export class WeightMismatchError extends TerminalError {}

/** The verify verdict said roll back: green is worse than blue beyond the thresholds. */
export class VerificationFailedError extends TerminalError {}

/** A CloudWatch alarm on green went into ALARM during a bake (sent by the alarm relay). */
export class AlarmTriggeredError extends TerminalError {}

/** An operator asked for a rollback (during a bake or while blue is on standby). */
export class ManualRollbackError extends TerminalError {}

/** After a rollback, blue was not serving healthily. Needs a human now. */
export class BlueUnavailableError extends TerminalError {}

/** An approved snapshot restore could not finish (or got stuck half-way). Needs a human now. */
export class RestoreFailedError extends TerminalError {}

/** Every error class whose name may appear in an ASL `ErrorEquals`. */
export const errorClasses = [
  ThrottledError,
  ServiceUnavailableError,
  InvalidRequestError,
  ConfigError,
  LockHeldError,
  LockLostError,
  PolicyDeniedError,
  ApprovalRejectedError,
  ResourceNotFoundError,
  AccessDeniedError,
  BackupFailedError,
  MigrationFailedError,
  GreenUnhealthyError,
  WeightMismatchError,
  VerificationFailedError,
  AlarmTriggeredError,
  ManualRollbackError,
  BlueUnavailableError,
  RestoreFailedError,
] as const;

/** Names Step Functions itself, or the Lambda service, may raise. */
export const builtInErrorNames = [
  'States.ALL',
  'States.Timeout',
  'States.HeartbeatTimeout',
  'States.TaskFailed',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
] as const;

/** Converts whatever was thrown into a plain `{ name, message }` for records and notifications. */
export function describeError(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'UnknownError', message: String(error) };
}

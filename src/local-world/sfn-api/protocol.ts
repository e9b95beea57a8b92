/**
 * The AWS JSON 1.0 wire protocol as Step Functions speaks it: `POST /` with
 * `X-Amz-Target: AWSStepFunctions.<Action>`, a JSON object body, JSON answers, and errors as
 * HTTP 4xx/5xx with `{ "__type": "<ErrorCode>", "message": "..." }`. Pure functions only; the
 * server does the I/O.
 * @see https://smithy.io/2.0/aws/protocols/aws-json-1_0-protocol.html
 */
import { StepFunctionsApiError } from '../../runtime/local-step-functions.ts';

export const jsonContentType = 'application/x-amz-json-1.0';

/** The `X-Amz-Target` prefix of every Step Functions action. */
export const targetPrefix = 'AWSStepFunctions.';

/** A request body larger than this is refused (SFN's own payload limit is 256 KiB; JSON escaping adds room). */
export const defaultMaxBodyBytes = 1024 * 1024;

/** HTTP statuses for the error codes that are not the client's plain mistake (400). */
const statusByCode: Readonly<Record<string, number>> = {
  RequestEntityTooLarge: 413,
  InternalFailure: 500,
};

/** A response ready to be written: status, headers and the serialised body. */
export interface WireResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** The action named by `X-Amz-Target`, e.g. `ListStateMachines`; UnknownOperationException otherwise. */
export function actionFromTarget(target: string | string[] | undefined): string {
  const value = Array.isArray(target) ? target[0] : target;
  if (!value) {
    throw new StepFunctionsApiError(
      'UnknownOperationException',
      `Missing X-Amz-Target header: send 'X-Amz-Target: ${targetPrefix}<Action>'`,
    );
  }
  if (!value.startsWith(targetPrefix) || value.length === targetPrefix.length) {
    throw new StepFunctionsApiError(
      'UnknownOperationException',
      `Unknown X-Amz-Target '${value}': expected '${targetPrefix}<Action>'`,
    );
  }
  return value.slice(targetPrefix.length);
}

/** Parses a request body into its JSON object; an empty body is `{}` (as curl users send it). */
export function parseRequestBody(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new StepFunctionsApiError(
      'SerializationException',
      `Request body is not valid JSON: ${(error as Error).message}`,
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new StepFunctionsApiError(
      'SerializationException',
      `Request body must be a JSON object, got ${Array.isArray(parsed) ? 'an array' : typeof parsed}`,
    );
  }
  return parsed as Record<string, unknown>;
}

/** A successful answer: the action's output as JSON. */
export function successResponse(output: unknown, requestId: string): WireResponse {
  return {
    status: 200,
    headers: { 'content-type': jsonContentType, 'x-amzn-requestid': requestId },
    body: JSON.stringify(output ?? {}),
  };
}

/**
 * An error answer. API errors keep their code; anything else is an InternalFailure (500), whose
 * message is still shown because this is a local tool and the message is what helps.
 */
export function errorResponse(error: unknown, requestId: string): WireResponse {
  const { code, message } =
    error instanceof StepFunctionsApiError
      ? { code: error.code, message: error.message }
      : { code: 'InternalFailure', message: error instanceof Error ? error.message : String(error) };
  return {
    status: statusByCode[code] ?? 400,
    headers: {
      'content-type': jsonContentType,
      'x-amzn-requestid': requestId,
      'x-amzn-errortype': code,
    },
    body: JSON.stringify({ __type: code, message }),
  };
}

/** Epoch milliseconds (the engine's clock) → epoch seconds as a float (the wire format of timestamps). */
export const toEpochSeconds = (epochMs: number): number => epochMs / 1000;

import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { type Clock, systemClock } from '../ports/clock.ts';

/** A Lambda handler as the local runtime calls it. */
export type LocalFunction = (event: unknown, context: Context) => Promise<unknown>;

/** The error a failed invocation surfaces to Step Functions: named by errorType, with Lambda's JSON envelope as cause. */
export class LambdaInvocationError extends Error {
  constructor(errorType: string, errorMessage: string, trace: string[]) {
    super(JSON.stringify({ errorType, errorMessage, trace }));
    this.name = errorType;
  }
}

/**
 * Invokes a handler the way Lambda does: the event crosses a JSON boundary (no shared objects,
 * no Dates, no undefined), the context is a real-shaped Lambda context, and a thrown error
 * becomes `{ errorType: error.name, errorMessage, trace }`, which is what the Node.js runtime
 * reports and what Step Functions matches `ErrorEquals` against.
 */
export async function invokeLocally(
  functionArn: string,
  fn: LocalFunction,
  event: unknown,
  timeoutMs: number,
  /** The clock `getRemainingTimeInMillis` reads: the world's, locally. */
  clock: Clock = systemClock,
): Promise<unknown> {
  const functionName = functionArn.split(':').at(-1) ?? functionArn;
  const deadline = clock.nowMs() + timeoutMs;
  const context: Context = {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: functionArn,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - clock.nowMs()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
  const payload = JSON.parse(JSON.stringify(event ?? null));
  try {
    const result = await fn(payload, context);
    return result === undefined ? null : JSON.parse(JSON.stringify(result));
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    const message = error instanceof Error ? error.message : String(error);
    const trace = error instanceof Error ? (error.stack ?? '').split('\n').slice(1, 6) : [];
    throw new LambdaInvocationError(name, message, trace);
  }
}

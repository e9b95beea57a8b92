import {
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import type { CallbackOutcome, WorkflowCallbacks } from '../../ports/workflow-callbacks.ts';
import type { IamActionsOf } from './iam.ts';
import { isSdkError, translateSdkError } from './sdk-errors.ts';

/** SendTaskFailure limits, in characters. */
export const maxErrorChars = 256;
export const maxCauseChars = 32_768;

/** Cuts `text` to `max` characters, ending with "..." when cut. */
export function truncateChars(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 3)}...`;
}

/** A task token is long and secret-ish: name it in messages by its tail only. */
const tokenLabel = (taskToken: string): string => `task token ...${taskToken.slice(-12)}`;

/** Step Functions' answers that mean "that task is no longer waiting": a normal race, not a failure. */
const expiredNames = ['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken'] as const;

/** Sends one callback; an expired task is the `expired` outcome. */
async function deliver(
  operation: string,
  taskToken: string,
  send: () => Promise<unknown>,
): Promise<CallbackOutcome> {
  try {
    await send();
    return 'delivered';
  } catch (error) {
    if (expiredNames.some((name) => isSdkError(error, name))) return 'expired';
    throw translateSdkError(error, { operation, resource: tokenLabel(taskToken) });
  }
}

export interface SfnCallbacksOptions {
  /** @default a new client */
  readonly client?: SFNClient;
}

/** Ends (or keeps alive) a waiting `.waitForTaskToken` task. */
export class SfnCallbacks implements WorkflowCallbacks {
  /** The IAM actions each method calls (src/adapters/aws/iam.ts). */
  static readonly iamActions: IamActionsOf<WorkflowCallbacks> = {
    succeed: ['states:SendTaskSuccess'],
    fail: ['states:SendTaskFailure'],
    heartbeat: ['states:SendTaskHeartbeat'],
  };

  private readonly client: SFNClient;

  constructor(options: SfnCallbacksOptions = {}) {
    this.client = options.client ?? new SFNClient({});
  }

  succeed(taskToken: string, output: unknown): Promise<CallbackOutcome> {
    return deliver('SendTaskSuccess', taskToken, () =>
      this.client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output ?? {}) })),
    );
  }

  fail(taskToken: string, error: string, cause: string): Promise<CallbackOutcome> {
    return deliver('SendTaskFailure', taskToken, () =>
      this.client.send(
        new SendTaskFailureCommand({
          taskToken,
          error: truncateChars(error, maxErrorChars),
          cause: truncateChars(cause, maxCauseChars),
        }),
      ),
    );
  }

  heartbeat(taskToken: string): Promise<CallbackOutcome> {
    return deliver('SendTaskHeartbeat', taskToken, () =>
      this.client.send(new SendTaskHeartbeatCommand({ taskToken })),
    );
  }
}

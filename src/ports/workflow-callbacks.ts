/**
 * What happened to a callback: `delivered`, or `expired` when the task is no longer waiting
 * (Step Functions answers TaskTimedOut, TaskDoesNotExist or InvalidToken). Expired is a normal
 * outcome (the bake ended on its own a moment earlier), not an error.
 */
export type CallbackOutcome = 'delivered' | 'expired';

/** Step Functions SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat. */
export interface WorkflowCallbacks {
  succeed(taskToken: string, output: unknown): Promise<CallbackOutcome>;
  fail(taskToken: string, error: string, cause: string): Promise<CallbackOutcome>;
  heartbeat(taskToken: string): Promise<CallbackOutcome>;
}

/** Step Functions SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat. */
export interface WorkflowCallbacks {
  succeed(taskToken: string, output: unknown): Promise<void>;
  fail(taskToken: string, error: string, cause: string): Promise<void>;
  heartbeat(taskToken: string): Promise<void>;
}

/**
 * The approval reminder's rhythm, in one place: the schedule that runs it (EventBridge Scheduler
 * on AWS, the world clock locally), the heartbeat AwaitApproval expects from it, and the shortest
 * approval timeout that leaves room for that heartbeat. Tests keep the ASL, the schedule and the
 * config schema in step with these numbers.
 */

/** How often the reminder runs: every run heartbeats every waiting approval gate. */
export const reminderRunEverySeconds = 300;

/**
 * Runs that may be missed in a row (a throttle, a cold start, a deploy of the stack) before a
 * gate's heartbeat times out. Three: one missed run is noise, three in a row is a broken reminder.
 */
export const missedRunsTolerated = 3;

/** AwaitApproval's `HeartbeatSeconds`: 900 s, three reminder runs. */
export const approvalHeartbeatSeconds = reminderRunEverySeconds * missedRunsTolerated;

/**
 * The shortest `approvalGate.timeoutSeconds`: Step Functions requires `HeartbeatSeconds` to be
 * smaller than the task's timeout, and one more run of margin keeps the two deadlines apart.
 */
export const minApprovalTimeoutSeconds = approvalHeartbeatSeconds + reminderRunEverySeconds;

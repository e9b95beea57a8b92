import { eventTime } from '../local-world/events/event-types.ts';
import type { ExecutionRecord } from './local-step-functions.ts';

/** What the event says of an execution: an ended one, or one that died with its process. */
export type ExecutionSummary = Pick<
  ExecutionRecord,
  'executionArn' | 'stateMachineArn' | 'name' | 'status' | 'startDate' | 'input'
> &
  Partial<Pick<ExecutionRecord, 'stopDate' | 'output' | 'error' | 'cause'>>;

/**
 * The `Step Functions Execution Status Change` event of an ended execution, shaped as EventBridge
 * delivers it (Step Functions User Guide, "EventBridge events for Step Functions").
 */
export function executionStatusChangeEvent(
  execution: ExecutionSummary,
  options: { readonly id: string; readonly region: string; readonly account: string },
) {
  const stopDate = execution.stopDate ?? execution.startDate;
  return {
    version: '0' as const,
    id: options.id,
    'detail-type': 'Step Functions Execution Status Change',
    source: 'aws.states',
    account: options.account,
    time: eventTime(stopDate),
    region: options.region,
    resources: [execution.executionArn],
    detail: {
      executionArn: execution.executionArn,
      stateMachineArn: execution.stateMachineArn,
      name: execution.name,
      status: execution.status,
      startDate: execution.startDate,
      stopDate,
      input: execution.input,
      inputDetails: { included: true },
      output: execution.output ?? null,
      outputDetails: execution.output === undefined ? null : { included: true },
      error: execution.error ?? null,
      cause: execution.cause ?? null,
    },
  };
}

/**
 * The engine's records in the shapes of the Step Functions API responses (field names as in
 * `@aws-sdk/client-sfn`'s models; timestamps as epoch seconds).
 */
import type { HistoryEvent } from '../../runtime/history.ts';
import type { ExecutionRecord, StateMachineRecord } from '../../runtime/local-step-functions.ts';
import { toEpochSeconds } from './protocol.ts';

/** Only Standard workflows run locally. */
const stateMachineType = 'STANDARD';

/** The detail fields that carry execution data, left out when `includeExecutionData` is false. */
const executionDataFields = new Set(['input', 'inputDetails', 'output', 'outputDetails', 'parameters']);

/** An item of ListStateMachines. */
export function stateMachineListItem(machine: StateMachineRecord): Record<string, unknown> {
  return {
    stateMachineArn: machine.stateMachineArn,
    name: machine.name,
    type: stateMachineType,
    creationDate: toEpochSeconds(machine.creationDate),
  };
}

/** DescribeStateMachine's output. The definition is the one registered, placeholders filled in. */
export function describedStateMachine(machine: StateMachineRecord): Record<string, unknown> {
  return {
    ...stateMachineListItem(machine),
    status: 'ACTIVE',
    definition: JSON.stringify(machine.definition, null, 2),
    roleArn: machine.roleArn,
    loggingConfiguration: { level: 'OFF', includeExecutionData: false },
    tracingConfiguration: { enabled: false },
  };
}

/** An item of ListExecutions. */
export function executionListItem(execution: ExecutionRecord): Record<string, unknown> {
  return {
    executionArn: execution.executionArn,
    stateMachineArn: execution.stateMachineArn,
    name: execution.name,
    status: execution.status,
    startDate: toEpochSeconds(execution.startDate),
    ...(execution.stopDate === undefined ? {} : { stopDate: toEpochSeconds(execution.stopDate) }),
  };
}

/** DescribeExecution's output: the list item plus input, and output or error/cause once known. */
export function describedExecution(execution: ExecutionRecord): Record<string, unknown> {
  return {
    ...executionListItem(execution),
    input: execution.input,
    inputDetails: { included: true },
    ...(execution.output === undefined
      ? {}
      : { output: execution.output, outputDetails: { included: true } }),
    ...(execution.error === undefined ? {} : { error: execution.error }),
    ...(execution.cause === undefined ? {} : { cause: execution.cause }),
  };
}

/**
 * A history event on the wire: the engine's events already use the API's detail keys
 * (`taskScheduledEventDetails`, ...); only the timestamp unit changes, and execution data is
 * dropped from the details when the caller asked for events without it.
 */
export function wireHistoryEvent(
  event: HistoryEvent,
  includeExecutionData: boolean,
): Record<string, unknown> {
  const wire: Record<string, unknown> = { ...event, timestamp: toEpochSeconds(event.timestamp) };
  if (includeExecutionData) return wire;
  for (const [key, value] of Object.entries(wire)) {
    if (!key.endsWith('EventDetails') || value === null || typeof value !== 'object') continue;
    wire[key] = Object.fromEntries(
      Object.entries(value as Record<string, unknown>).filter(([field]) => !executionDataFields.has(field)),
    );
  }
  return wire;
}

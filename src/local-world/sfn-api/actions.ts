/**
 * The Step Functions actions served locally: each reads its request fields, calls the engine and
 * answers in the API's shape. Engine errors (`StepFunctionsApiError`) pass through unchanged, so
 * their codes reach the client as `__type`.
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_Operations.html
 */
import type { LocalStepFunctions } from '../../runtime/local-step-functions.ts';
import { paginate } from './pagination.ts';
import { toEpochSeconds } from './protocol.ts';
import {
  optionalBoolean,
  optionalEnum,
  optionalString,
  pageSize,
  type RequestBody,
  requiredArn,
  requiredString,
} from './request-fields.ts';
import {
  describedExecution,
  describedStateMachine,
  executionListItem,
  stateMachineListItem,
  wireHistoryEvent,
} from './shapes.ts';

/** Answers one action: the request body in, the response body out. */
export type ActionHandler = (engine: LocalStepFunctions, body: RequestBody) => unknown;

/** Page size when `maxResults` is absent or 0, for every list action. */
export const defaultPageSize = 100;

/** Every status ListExecutions may filter by; PENDING_REDRIVE never matches locally (no redrive). */
const executionStatuses = [
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'TIMED_OUT',
  'ABORTED',
  'PENDING_REDRIVE',
] as const;

const listStateMachines: ActionHandler = (engine, body) => {
  const page = paginate(engine.listStateMachines(), {
    pageSize: pageSize(body, defaultPageSize),
    nextToken: optionalString(body, 'nextToken'),
    scope: 'ListStateMachines',
  });
  return { stateMachines: page.items.map(stateMachineListItem), nextToken: page.nextToken };
};

const describeStateMachine: ActionHandler = (engine, body) =>
  describedStateMachine(engine.describeStateMachine(requiredArn(body, 'stateMachineArn', 'stateMachine')));

const startExecution: ActionHandler = (engine, body) => {
  const execution = engine.startExecution({
    stateMachineArn: requiredArn(body, 'stateMachineArn', 'stateMachine'),
    name: optionalString(body, 'name'),
    input: optionalString(body, 'input'),
  });
  return { executionArn: execution.executionArn, startDate: toEpochSeconds(execution.startDate) };
};

const describeExecution: ActionHandler = (engine, body) =>
  describedExecution(engine.describeExecution(requiredArn(body, 'executionArn', 'execution')));

const listExecutions: ActionHandler = (engine, body) => {
  // AWS lists by state machine or by map run; map runs do not exist locally.
  const stateMachineArn = requiredArn(body, 'stateMachineArn', 'stateMachine');
  const statusFilter = optionalEnum(body, 'statusFilter', executionStatuses);
  const executions = engine
    .listExecutions({ stateMachineArn })
    .filter((execution) => statusFilter === undefined || execution.status === statusFilter);
  const page = paginate(executions, {
    pageSize: pageSize(body, defaultPageSize),
    nextToken: optionalString(body, 'nextToken'),
    scope: `ListExecutions|${stateMachineArn}|${statusFilter ?? ''}`,
  });
  return { executions: page.items.map(executionListItem), nextToken: page.nextToken };
};

const getExecutionHistory: ActionHandler = (engine, body) => {
  const executionArn = requiredArn(body, 'executionArn', 'execution');
  const reverseOrder = optionalBoolean(body, 'reverseOrder', false);
  const includeExecutionData = optionalBoolean(body, 'includeExecutionData', true);
  const events = engine.getExecutionHistory(executionArn);
  const page = paginate(reverseOrder ? [...events].reverse() : events, {
    pageSize: pageSize(body, defaultPageSize),
    nextToken: optionalString(body, 'nextToken'),
    scope: `GetExecutionHistory|${executionArn}|${reverseOrder}`,
  });
  return {
    events: page.items.map((event) => wireHistoryEvent(event, includeExecutionData)),
    nextToken: page.nextToken,
  };
};

const stopExecution: ActionHandler = (engine, body) => {
  const execution = engine.stopExecution({
    executionArn: requiredArn(body, 'executionArn', 'execution'),
    error: optionalString(body, 'error'),
    cause: optionalString(body, 'cause'),
  });
  // The world's clock, never the machine's: a stop date is world time like every other date here.
  return { stopDate: toEpochSeconds(execution.stopDate ?? engine.clock.nowMs()) };
};

const sendTaskSuccess: ActionHandler = (engine, body) => {
  engine.sendTaskSuccess(requiredString(body, 'taskToken'), requiredString(body, 'output'));
  return {};
};

const sendTaskFailure: ActionHandler = (engine, body) => {
  engine.sendTaskFailure(
    requiredString(body, 'taskToken'),
    optionalString(body, 'error'),
    optionalString(body, 'cause'),
  );
  return {};
};

const sendTaskHeartbeat: ActionHandler = (engine, body) => {
  engine.sendTaskHeartbeat(requiredString(body, 'taskToken'));
  return {};
};

/** The actions by their `X-Amz-Target` names. Anything else is an UnknownOperationException. */
export const actions: Readonly<Record<string, ActionHandler>> = {
  ListStateMachines: listStateMachines,
  DescribeStateMachine: describeStateMachine,
  StartExecution: startExecution,
  DescribeExecution: describeExecution,
  ListExecutions: listExecutions,
  GetExecutionHistory: getExecutionHistory,
  StopExecution: stopExecution,
  SendTaskSuccess: sendTaskSuccess,
  SendTaskFailure: sendTaskFailure,
  SendTaskHeartbeat: sendTaskHeartbeat,
};

/** The handler of `action`, or undefined when the local API does not serve it. */
export function actionHandler(action: string): ActionHandler | undefined {
  return Object.hasOwn(actions, action) ? actions[action] : undefined;
}

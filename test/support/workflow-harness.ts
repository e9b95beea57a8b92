import { Logger } from '@aws-lambda-powertools/logger';
import { createMemoryPorts, type MemoryPorts } from '../../src/adapters/memory/memory-ports.ts';
import { startApprovalReminderLoop } from '../../src/local-world/approval-reminder-loop.ts';
import { loadDefinition } from '../../src/runtime/definition.ts';
import { invokeLocally } from '../../src/runtime/local-lambda.ts';
import { type ExecutionRecord, LocalStepFunctions } from '../../src/runtime/local-step-functions.ts';
import { bindSteps, localFunctionArn } from '../../src/workflow/steps.ts';

export const deployAslPath = 'statemachines/deploy.asl.json';

export interface WorkflowHarness {
  readonly sfn: LocalStepFunctions;
  readonly ports: MemoryPorts;
  readonly stateMachineArn: string;
  start(request: unknown, name?: string): ExecutionRecord;
  run(request: unknown, name?: string): Promise<ExecutionRecord>;
  /** Delivers an EventBridge `CloudWatch Alarm State Change` to the real alarm-relay handler. */
  raiseAlarm(alarmName: string, reason: string): Promise<unknown>;
  /** Stops the approval reminder, as if its schedule were deleted: waiting gates stop getting heartbeats. */
  stopApprovalReminder(): void;
}

/**
 * The real deploy.asl.json in aws-local-stepfunctions, every Task bound to the real handler,
 * the handlers bound to in-memory adapters, and the approval reminder running on its schedule
 * (unless `approvalReminder: false`). `timeScale` compresses bakes, standby and polls.
 */
export function createWorkflowHarness(options: {
  configs: Record<string, unknown>;
  timeScale?: number;
  /** @default true */
  approvalReminder?: boolean;
}): WorkflowHarness {
  const timeScale = options.timeScale ?? 1000;
  const sfn = new LocalStepFunctions({ timeScale });
  const startMs = Date.now();
  const clock = { nowMs: () => startMs + (Date.now() - startMs) * timeScale };
  const ports = createMemoryPorts({
    configs: options.configs,
    clock,
    callbacks: sfn.tokens.asWorkflowCallbacks(),
  });
  const logger = new Logger({ serviceName: 'greenlight-test', logLevel: 'SILENT' });
  const { substitutions, functions } = bindSteps(ports, { logger });
  const machine = sfn.registerStateMachine({
    name: 'greenlight-deploy',
    definition: loadDefinition(deployAslPath, substitutions),
    functions,
  });
  const stopApprovalReminder =
    options.approvalReminder === false
      ? () => undefined
      : startApprovalReminderLoop({ ports, clock: { toRealMs: (ms) => ms / timeScale }, logger });
  let counter = 0;
  const start = (request: unknown, name?: string): ExecutionRecord =>
    sfn.startExecution({
      stateMachineArn: machine.stateMachineArn,
      name: name ?? `deploy-${++counter}`,
      input: JSON.stringify(request),
    });
  return {
    sfn,
    ports,
    stateMachineArn: machine.stateMachineArn,
    start,
    run: (request, name) => start(request, name).finished,
    stopApprovalReminder,
    raiseAlarm: (alarmName, reason) => {
      const relay = functions.get(localFunctionArn('alarm-relay'));
      if (!relay) throw new Error('alarm-relay is not bound');
      return invokeLocally(localFunctionArn('alarm-relay'), relay, alarmEvent(alarmName, reason), 10_000);
    },
  };
}

export function alarmEvent(alarmName: string, reason: string): Record<string, unknown> {
  const time = new Date().toISOString();
  return {
    version: '0',
    id: crypto.randomUUID(),
    'detail-type': 'CloudWatch Alarm State Change',
    source: 'aws.cloudwatch',
    account: '000000000000',
    time,
    region: 'local',
    resources: [`arn:aws:cloudwatch:local:000000000000:alarm:${alarmName}`],
    detail: {
      alarmName,
      state: { value: 'ALARM', reason, timestamp: time },
      previousState: { value: 'OK', reason: 'Threshold Crossed', timestamp: time },
      configuration: { metrics: [] },
    },
  };
}

/** Resolves once `predicate` holds, polling every 5 ms (bounded so a broken test fails, not hangs). */
export async function eventually(predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

import { Logger } from '@aws-lambda-powertools/logger';
import { createMemoryPorts, type MemoryPorts } from '../../src/adapters/memory/memory-ports.ts';
import { createVirtualClock, type VirtualClock } from '../../src/local-world/clock/virtual-clock.ts';
import { startSchedules } from '../../src/local-world/schedules.ts';
import { loadDefinition } from '../../src/runtime/definition.ts';
import { invokeLocally } from '../../src/runtime/local-lambda.ts';
import { type ExecutionRecord, LocalStepFunctions } from '../../src/runtime/local-step-functions.ts';
import { bindSteps, localFunctionArn } from '../../src/workflow/steps.ts';

export const deployAslPath = 'statemachines/deploy.asl.json';

export interface WorkflowHarness {
  readonly sfn: LocalStepFunctions;
  readonly ports: MemoryPorts;
  /** World time: bakes, standby, approval waits and polls pass instantly, and the same every run. */
  readonly clock: VirtualClock;
  readonly stateMachineArn: string;
  start(request: unknown, name?: string): ExecutionRecord;
  run(request: unknown, name?: string): Promise<ExecutionRecord>;
  /** Resolves at the first quiet world instant where `predicate` holds (rejects if the world falls idle first). */
  until(predicate: () => boolean, what: string): Promise<void>;
  /** Delivers an EventBridge `CloudWatch Alarm State Change` to the real alarm-relay handler. */
  raiseAlarm(alarmName: string, reason: string): Promise<unknown>;
  /** Stops the schedules (approval reminder, early verdict), as if deleted: waiting gates stop getting heartbeats. */
  stopApprovalReminder(): void;
}

/**
 * The real deploy.asl.json in aws-local-stepfunctions, every Task bound to the real handler,
 * the handlers bound to in-memory adapters, and the approval reminder running on its schedule
 * (unless `approvalReminder: false`), all on a virtual clock: results do not depend on the
 * machine's speed or load.
 */
export function createWorkflowHarness(options: {
  configs: Record<string, unknown>;
  /** @default true */
  approvalReminder?: boolean;
}): WorkflowHarness {
  const clock = createVirtualClock();
  const sfn = new LocalStepFunctions({ clock });
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
      : startSchedules({ ports, clock, logger, environment: 'staging' });
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
    clock,
    stateMachineArn: machine.stateMachineArn,
    start,
    run: (request, name) => start(request, name).finished,
    until: (predicate, what) => clock.until(predicate, what),
    stopApprovalReminder,
    raiseAlarm: (alarmName, reason) => {
      const relay = functions.get(localFunctionArn('alarm-relay'));
      if (!relay) throw new Error('alarm-relay is not bound');
      return clock.track('alarm relay', () =>
        invokeLocally(
          localFunctionArn('alarm-relay'),
          relay,
          alarmEvent(alarmName, reason, clock.nowMs()),
          10_000,
          clock,
        ),
      );
    },
  };
}

export function alarmEvent(alarmName: string, reason: string, atMs = Date.now()): Record<string, unknown> {
  const time = new Date(atMs).toISOString();
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

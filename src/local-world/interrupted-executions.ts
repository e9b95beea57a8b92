/**
 * A world resumed from disk finds deployments still `running` whose executions died with the
 * process that ran them (SIGKILL, a crash, a power cut). Nothing will ever finish them, so each
 * is reconciled as if an operator had stopped it: the ABORTED status change goes onto the bus,
 * where the same EventBridge rule as on AWS hands it to the real reconcile handler, which puts
 * traffic on a colour that serves, releases the lock, closes the record and pages.
 */
import type { DeploymentRecord, Store } from '../ports/store.ts';
import { executionStatusChangeEvent } from '../runtime/execution-status-event.ts';
import type { EventBus } from './events/event-bus.ts';

export interface InterruptedExecutionsOptions {
  readonly store: Store;
  readonly environment: string;
  readonly bus: EventBus;
  readonly stateMachineArn: string;
  readonly region: string;
  readonly account: string;
  /** Whether this process runs the execution (a running one is left to finish). */
  readonly isRunningHere: (executionArn: string) => boolean;
  readonly nowMs: () => number;
}

/** Why the ABORTED event was sent, as its `cause` (it reaches the record and the page). */
export const interruptedCause =
  'the local world stopped while this execution ran (killed or crashed) and was restarted from its data directory';

/**
 * Sends an ABORTED status change for every running deployment of `environment` whose execution
 * this process does not run, and waits until the bus has delivered them. Returns those deployments.
 */
export async function reconcileInterruptedExecutions(
  options: InterruptedExecutionsOptions,
): Promise<readonly DeploymentRecord[]> {
  const running = (await options.store.listDeployments({ environment: options.environment })).filter(
    (record) => record.status === 'running',
  );
  const interrupted = running.filter(
    (record) => typeof record.executionId === 'string' && !options.isRunningHere(record.executionId),
  );
  for (const [index, record] of interrupted.entries()) {
    const executionArn = record.executionId as string;
    options.bus.publish(
      executionStatusChangeEvent(
        {
          executionArn,
          stateMachineArn: options.stateMachineArn,
          name: executionArn.slice(executionArn.lastIndexOf(':') + 1),
          status: 'ABORTED',
          startDate: record.startedAtMs,
          stopDate: options.nowMs(),
          // What reconcile reads of the input: the deployment id it ran under.
          input: JSON.stringify({ deploymentId: record.deploymentId }),
          error: 'Greenlight.WorldRestarted',
          cause: interruptedCause,
        },
        {
          id: `interrupted-${index + 1}-${record.deploymentId}`,
          region: options.region,
          account: options.account,
        },
      ),
    );
  }
  await options.bus.drain();
  return interrupted;
}

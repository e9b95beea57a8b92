import type { Logger } from '@aws-lambda-powertools/logger';
import type { Ports } from '../ports/index.ts';
import { invokeLocally } from '../runtime/local-lambda.ts';
import { type ScheduledFunction, scheduledFunctions } from '../workflow/scheduled-functions.ts';
import { localFunctionArn } from '../workflow/steps.ts';
import type { WorldClock } from './clock/world-clock.ts';

export interface SchedulesOptions {
  readonly ports: Ports;
  /** The world's clock: the schedules run in world time. */
  readonly clock: WorldClock;
  readonly logger: Logger;
  /** What the schedules send as their event: `{ environment }`. */
  readonly environment: string;
  /** @default scheduledFunctions */
  readonly functions?: readonly ScheduledFunction[];
}

/**
 * The local stand-in for the EventBridge Scheduler schedules: invokes each real handler every
 * `everySeconds` of world time, so waits that depend on them (AwaitApproval's heartbeat, the
 * early verdict) hold locally exactly as on AWS. A run still going when the next is due is not
 * overlapped (the next is skipped), and a failed run is logged, never thrown. Like a schedule,
 * none keeps the world going on its own. Returns a function that stops them all.
 */
export function startSchedules(options: SchedulesOptions): () => void {
  const stops = (options.functions ?? scheduledFunctions).map(({ step, everySeconds }) => {
    const functionArn = localFunctionArn(step.name);
    const handler = step.bind(options.ports, { logger: options.logger });
    let running = false;
    const run = async (): Promise<void> => {
      if (running) return;
      running = true;
      try {
        await invokeLocally(
          functionArn,
          handler,
          { environment: options.environment },
          60_000,
          options.clock,
        );
      } catch (error) {
        options.logger.warn(`scheduled ${step.name} failed`, { error: error as Error });
      } finally {
        running = false;
      }
    };
    return options.clock.setInterval(everySeconds * 1000, run, { background: true });
  });
  return () => {
    for (const stop of stops) stop();
  };
}

import type { Logger } from '@aws-lambda-powertools/logger';
import { approvalReminder } from '../../functions/approval-reminder/handler.ts';
import { reminderRunEverySeconds } from '../approvals/reminder-schedule.ts';
import type { Ports } from '../ports/index.ts';
import { invokeLocally } from '../runtime/local-lambda.ts';
import { localFunctionArn } from '../workflow/steps.ts';
import type { WorldClock } from './clock/world-clock.ts';

export interface ApprovalReminderLoopOptions {
  readonly ports: Ports;
  /** The world's clock: the schedule runs in world time. */
  readonly clock: WorldClock;
  readonly logger: Logger;
  /** @default 'local' */
  readonly environment?: string;
}

/**
 * The local stand-in for the EventBridge Scheduler schedule: invokes the real approval-reminder
 * handler every `reminderRunEverySeconds` of world time, so AwaitApproval's heartbeat holds
 * locally exactly as long as it does on AWS. A run still going when the next is due is not
 * overlapped (the next one is skipped), and a failed run is logged, never thrown: the heartbeat
 * timeout is what notices a reminder that keeps failing. Returns a function that stops it.
 */
export function startApprovalReminderLoop(options: ApprovalReminderLoopOptions): () => void {
  const functionArn = localFunctionArn('approval-reminder');
  const handler = approvalReminder.bind(options.ports, { logger: options.logger });
  let running = false;
  const run = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      await invokeLocally(
        functionArn,
        handler,
        { environment: options.environment ?? 'local' },
        60_000,
        options.clock,
      );
    } catch (error) {
      options.logger.warn('approval reminder run failed', { error: error as Error });
    } finally {
      running = false;
    }
  };
  // Like a schedule, the loop alone never keeps the world (or the process) going.
  return options.clock.setInterval(reminderRunEverySeconds * 1000, run, { background: true });
}

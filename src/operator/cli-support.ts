/** Shared pieces of the operator commands: connection flags, output, the acting identity. */
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { InvalidRequestError } from '../errors.ts';
import { type CallbackStep, callbackStates } from './history-view.ts';
import type { ConnectionOptions, SfnSession } from './sfn-session.ts';

export interface CommonFlags extends ConnectionOptions {
  readonly json?: boolean;
}

/** Adds `--endpoint --region --profile --state-machine-arn --json`. */
export function withConnectionOptions(command: Command): Command {
  return command
    .option(
      '--endpoint <url>',
      'local Step Functions endpoint of greenlight serve (default: $GREENLIGHT_ENDPOINT)',
    )
    .option('--region <region>', 'AWS region')
    .option('--profile <name>', 'AWS profile')
    .option(
      '--state-machine-arn <arn>',
      'the deploy state machine (default with an endpoint: the local greenlight-deploy machine; else $GREENLIGHT_STATE_MACHINE_ARN)',
    )
    .option('--json', 'print JSON');
}

/** Opens the session, runs `body`, and always closes the client. */
export async function withSession<T>(
  flags: CommonFlags,
  body: (session: SfnSession) => Promise<T>,
): Promise<T> {
  // The SDK client loads when a command talks to Step Functions, not when the CLI starts.
  const { openSession } = await import('./sfn-session.ts');
  const session = openSession(flags);
  try {
    return await body(session);
  } finally {
    session.sfn.destroy();
  }
}

/** Prints JSON with `--json`, else the text. */
export function print(flags: CommonFlags, value: unknown, text: () => string): void {
  process.stdout.write(flags.json ? `${JSON.stringify(value, null, 2)}\n` : `${text()}\n`);
}

/** Who is acting: `--by`, else $GREENLIGHT_OPERATOR, else the OS user. */
export function actingIdentity(by: string | undefined): string {
  return by ?? process.env.GREENLIGHT_OPERATOR ?? userInfo().username;
}

/** Validates `--step`. */
export function parseStep(step: string | undefined): CallbackStep | undefined {
  if (step === undefined) return undefined;
  if (!Object.hasOwn(callbackStates, step)) {
    throw new InvalidRequestError(
      `--step: expected one of ${Object.keys(callbackStates).join(', ')} (got "${step}")`,
    );
  }
  return step as CallbackStep;
}

/** Parses `--now` (ISO date-time) or returns the real time. */
export function parseNow(now: string | undefined): number {
  if (now === undefined) return Date.now();
  const ms = Date.parse(now);
  if (Number.isNaN(ms))
    throw new InvalidRequestError(
      `--now: expected an ISO date-time such as 2025-03-06T22:30:00Z (got "${now}")`,
    );
  return ms;
}

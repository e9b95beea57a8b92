import type { Command } from 'commander';
import type { OwnerExecutionStatus } from '../../core/unlock-decision.ts';
import { InvalidRequestError, ServiceUnavailableError } from '../../errors.ts';
import { type AuditFlags, withAuditOptions } from '../../operator/audit-flags.ts';
import {
  actingIdentity,
  type CommonFlags,
  print,
  withConnectionOptions,
} from '../../operator/cli-support.ts';
import { OperatorStateError } from '../../operator/operator-errors.ts';
import { type UnlockRequest, type UnlockResult, unlock } from '../../operator/unlock.ts';

interface UnlockFlags extends CommonFlags, AuditFlags {
  reason?: string;
  by?: string;
}

/**
 * `greenlight unlock <service> <environment> --reason <text>`: lets go of a deployment lock by
 * hand, audited in the owning deployment's trail, and refused while the execution that holds
 * it is still running (stop it instead: reconcile then settles traffic and releases the lock).
 */
export function registerUnlockCommand(program: Command): void {
  const command = program
    .command('unlock <service> <environment>')
    .description(
      'release a deployment lock by hand (audited; refused while its execution runs: stop that instead)',
    )
    .option('--reason <text>', 'why, 10 to 500 characters (recorded in the audit trail; required)')
    .option('--by <identity>', 'who is acting (default: $GREENLIGHT_OPERATOR or the OS user)');
  withAuditOptions(withConnectionOptions(command)).action(
    async (service: string, environment: string, flags: UnlockFlags) => {
      if (!flags.reason) {
        throw new InvalidRequestError(
          '--reason is required: say why the lock is released, for the audit trail',
        );
      }
      const request: UnlockRequest = {
        service,
        environment,
        reason: flags.reason,
        by: actingIdentity(flags.by),
      };
      const result =
        (flags.endpoint ?? process.env.GREENLIGHT_ENDPOINT)
          ? await unlockServed(flags, request)
          : await unlockOnAws(flags, request);
      print(flags, result, () => `unlocked ${result.key} (held by ${result.owner}): ${result.detail}`);
    },
  );
}

/** On AWS: the table and Step Functions, with the caller's own permissions. */
async function unlockOnAws(flags: UnlockFlags, request: UnlockRequest): Promise<UnlockResult> {
  const { DescribeExecutionCommand } = await import('@aws-sdk/client-sfn');
  const { openStore } = await import('../../operator/open-audit-reader.ts');
  const { openSession } = await import('../../operator/sfn-session.ts');
  const session = openSession(flags);
  return unlock(
    {
      store: openStore(flags),
      executionStatus: async (executionArn) => {
        try {
          const described = await session.sfn.send(new DescribeExecutionCommand({ executionArn }));
          return (described.status ?? null) as OwnerExecutionStatus;
        } catch (error) {
          if ((error as Error).name === 'ExecutionDoesNotExist') return null;
          throw error;
        }
      },
      nowMs: () => Date.now(),
    },
    request,
  );
}

/** Against greenlight serve: its operator route runs the same operation over the world's store. */
async function unlockServed(flags: UnlockFlags, request: UnlockRequest): Promise<UnlockResult> {
  const base = flags.auditUrl ?? process.env.GREENLIGHT_AUDIT_URL;
  if (!base) {
    throw new InvalidRequestError(
      'against greenlight serve, unlock goes through its audit API: pass --audit-url (or set GREENLIGHT_AUDIT_URL) to the URL it printed at startup',
    );
  }
  const { unlockPath } = await import('../../operator/local-api-contract.ts');
  let response: Response;
  try {
    response = await fetch(new URL(unlockPath, base), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    throw new ServiceUnavailableError(
      `could not reach the audit API at ${base} (${(error as Error).message}); is greenlight serve running?`,
      { cause: error },
    );
  }
  const body = (await response.json().catch(() => ({}))) as { unlocked?: UnlockResult; error?: string };
  if (response.status === 400) throw new InvalidRequestError(body.error ?? 'unlock refused: bad request');
  if (response.status === 409) throw new OperatorStateError(body.error ?? 'unlock refused');
  if (!response.ok || !body.unlocked) {
    throw new ServiceUnavailableError(
      `the audit API answered HTTP ${response.status}: ${body.error ?? 'no reason given'}`,
    );
  }
  return body.unlocked;
}

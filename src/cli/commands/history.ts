import type { Command } from 'commander';
import { type CommonFlags, print, withConnectionOptions, withSession } from '../../operator/cli-support.ts';
import { listDeployments } from '../../operator/executions.ts';

interface HistoryFlags extends CommonFlags {
  service?: string;
  env?: string;
  limit: string;
}

/** `greenlight history [--service] [--env]`: past and running deployments, newest first. */
export function registerHistoryCommand(program: Command): void {
  const command = program
    .command('history')
    .description('deployments, newest first')
    .option('--service <name>')
    .option('--env <name>')
    .option('--limit <n>', 'at most this many', '50');
  withConnectionOptions(command).action(async (flags: HistoryFlags) => {
    const rows = await withSession(flags, (session) =>
      listDeployments(session, {
        ...(flags.service ? { service: flags.service } : {}),
        ...(flags.env ? { environment: flags.env } : {}),
        limit: Math.max(1, Number(flags.limit) || 50),
      }),
    );
    print(flags, rows, () =>
      rows.length === 0
        ? 'no deployments'
        : rows
            .map(
              (r) =>
                `${r.startDate?.toISOString() ?? '?'}  ${r.status.padEnd(9)} ${r.deploymentId}  ${r.service ?? '?'} ${r.version ?? '?'} (${r.releaseType ?? '?'}) in ${r.environment ?? '?'}`,
            )
            .join('\n'),
    );
  });
}

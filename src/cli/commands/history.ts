import type { Command } from 'commander';
import { type AuditFlags, withAuditOptions } from '../../operator/audit-flags.ts';
import { formatHistory } from '../../operator/audit-text.ts';
import { type CommonFlags, print, withConnectionOptions } from '../../operator/cli-support.ts';

interface HistoryFlags extends CommonFlags, AuditFlags {
  service?: string;
  env?: string;
  limit: string;
}

/**
 * `greenlight history [--service] [--env]`: the deployment records the Store keeps (the durable
 * record: Step Functions forgets executions after 90 days), newest first.
 */
export function registerHistoryCommand(program: Command): void {
  const command = program
    .command('history')
    .description('recorded deployments, newest first: service, environment, version, status, outcome')
    .option('--service <name>')
    .option('--env <name>')
    .option('--limit <n>', 'at most this many', '50');
  withAuditOptions(withConnectionOptions(command)).action(async (flags: HistoryFlags) => {
    const { openAuditReader } = await import('../../operator/open-audit-reader.ts');
    const reader = openAuditReader(flags);
    const records = await reader.listDeployments({
      ...(flags.service ? { service: flags.service } : {}),
      ...(flags.env ? { environment: flags.env } : {}),
    });
    const newest = [...records]
      .sort((a, b) => b.startedAtMs - a.startedAtMs)
      .slice(0, Math.max(1, Number(flags.limit) || 50));
    print(flags, newest, () => formatHistory(newest));
  });
}

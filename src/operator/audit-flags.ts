/** The flags that say where `history` and `show` read the Store's audit records (see open-audit-reader). */
import type { Command } from 'commander';

export interface AuditFlags {
  readonly auditUrl?: string;
  readonly table?: string;
}

/** Adds `--audit-url` (greenlight serve) and `--table` (AWS). */
export function withAuditOptions(command: Command): Command {
  return command
    .option(
      '--audit-url <url>',
      'with --endpoint: the audit API greenlight serve printed (default: $GREENLIGHT_AUDIT_URL)',
    )
    .option(
      '--table <name>',
      'on AWS: the Greenlight DynamoDB table, stack output TableName (default: $GREENLIGHT_TABLE)',
    );
}

import type { Command } from 'commander';
import { readAuditRecord } from '../../audit/audit-record.ts';
import { ResourceNotFoundError } from '../../errors.ts';
import { type AuditFlags, withAuditOptions } from '../../operator/audit-flags.ts';
import { formatAuditRecord } from '../../operator/audit-text.ts';
import { type CommonFlags, print, withConnectionOptions, withSession } from '../../operator/cli-support.ts';
import { describeStepResult } from '../../operator/history-view.ts';
import type { DeploymentStatus } from '../../operator/status.ts';
import { formatStatus } from './status.ts';

/** The execution's own view: every step with its start, end and result, the weights, the decisions. */
function formatExecution(status: DeploymentStatus): string {
  const { history } = status;
  return [
    formatStatus(status),
    `  request: ${JSON.stringify(status.request)}`,
    '',
    'Steps:',
    ...history.steps.map(
      (s) =>
        `  ${s.enteredAt?.toISOString() ?? '?'} → ${s.exitedAt?.toISOString() ?? '…'}  ${s.name}: ${describeStepResult(s)}`,
    ),
    'Weights:',
    ...history.weights.map((w) => `  ${w.at?.toISOString() ?? '?'}  green ${w.greenPercent}% (${w.state})`),
    'Decisions:',
    ...history.decisions.map((d) => `  ${d.at?.toISOString() ?? '?'}  ${d.state}: ${d.outcome} ${d.detail}`),
  ].join('\n');
}

/**
 * `greenlight show <deployment-id>`: the execution (Step Functions) and the Store's audit record
 * (request, policy, approvals, steps, weights, alarms, snapshot, migrations, outcome). The audit
 * record outlives the execution, so it is shown alone once Step Functions has forgotten it.
 */
export function registerShowCommand(program: Command): void {
  const command = program
    .command('show <deployment-id>')
    .description('the full record of one deployment: its execution and its audit record');
  withAuditOptions(withConnectionOptions(command)).action(
    async (deploymentId: string, flags: CommonFlags & AuditFlags) => {
      const { openAuditReader } = await import('../../operator/open-audit-reader.ts');
      const { deploymentStatus } = await import('../../operator/status.ts');
      const audit = await readAuditRecord(openAuditReader(flags), deploymentId);
      const recorded = audit.events.length > 0;
      let status: DeploymentStatus | null = null;
      try {
        status = await withSession(flags, (session) => deploymentStatus(session, deploymentId));
      } catch (error) {
        if (!(error instanceof ResourceNotFoundError && recorded)) throw error;
      }
      const execution = status
        ? formatExecution(status)
        : `${deploymentId}: the execution is no longer in Step Functions; the audit record follows`;
      print(flags, { ...(status ?? { deploymentId }), audit }, () =>
        [execution, '', recorded ? formatAuditRecord(audit) : 'Audit record (store): nothing recorded'].join(
          '\n',
        ),
      );
    },
  );
}

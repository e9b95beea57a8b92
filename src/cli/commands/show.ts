import type { Command } from 'commander';
import { type CommonFlags, print, withConnectionOptions, withSession } from '../../operator/cli-support.ts';
import { deploymentStatus } from '../../operator/status.ts';
import { formatStatus } from './status.ts';

/** `greenlight show <deployment-id>`: every step with its start, end and result, the weights, the decisions. */
export function registerShowCommand(program: Command): void {
  const command = program.command('show <deployment-id>').description('the full record of one deployment');
  withConnectionOptions(command).action(async (deploymentId: string, flags: CommonFlags) => {
    const status = await withSession(flags, (session) => deploymentStatus(session, deploymentId));
    const { history } = status;
    print(flags, status, () =>
      [
        formatStatus(status),
        `  request: ${JSON.stringify(status.request)}`,
        '',
        'Steps:',
        ...history.steps.map(
          (s) =>
            `  ${s.enteredAt?.toISOString() ?? '?'} → ${s.exitedAt?.toISOString() ?? '…'}  ${s.name}: ${s.result}${s.detail ? ` (${s.detail})` : ''}`,
        ),
        'Weights:',
        ...history.weights.map(
          (w) => `  ${w.at?.toISOString() ?? '?'}  green ${w.greenPercent}% (${w.state})`,
        ),
        'Decisions:',
        ...history.decisions.map(
          (d) => `  ${d.at?.toISOString() ?? '?'}  ${d.state}: ${d.outcome} ${d.detail}`,
        ),
      ].join('\n'),
    );
  });
}

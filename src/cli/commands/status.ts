import type { Command } from 'commander';
import { type CommonFlags, print, withConnectionOptions, withSession } from '../../operator/cli-support.ts';
import type { DeploymentStatus } from '../../operator/status.ts';

/** One screen: status, current state, traffic, waiting tasks. */
export function formatStatus(status: DeploymentStatus): string {
  const waiting = status.waiting.map((w) => `${w.state} (since ${w.since?.toISOString() ?? '?'})`).join(', ');
  return [
    `${status.deploymentId}: ${status.status}`,
    `  state:   ${status.currentState ?? '(none)'}`,
    `  traffic: green ${status.greenPercent}% / blue ${100 - status.greenPercent}%`,
    `  waiting: ${waiting || 'nothing'}`,
    ...(status.error ? [`  failed:  ${status.error}: ${status.cause ?? ''}`] : []),
  ].join('\n');
}

/** `greenlight status <deployment-id>`: the live state of a deployment. */
export function registerStatusCommand(program: Command): void {
  const command = program.command('status <deployment-id>').description('live state of a deployment');
  withConnectionOptions(command).action(async (deploymentId: string, flags: CommonFlags) => {
    const { deploymentStatus } = await import('../../operator/status.ts');
    const status = await withSession(flags, (session) => deploymentStatus(session, deploymentId));
    const { history: _history, ...summary } = status;
    print(flags, summary, () => formatStatus(status));
  });
}

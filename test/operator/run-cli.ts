import { Command } from 'commander';
import { vi } from 'vitest';
import { registerApproveCommand } from '../../src/cli/commands/approve.ts';
import { registerDeployCommand } from '../../src/cli/commands/deploy.ts';
import { registerHistoryCommand } from '../../src/cli/commands/history.ts';
import { registerPlanCommand } from '../../src/cli/commands/plan.ts';
import { registerRejectCommand } from '../../src/cli/commands/reject.ts';
import { registerRollbackCommand } from '../../src/cli/commands/rollback.ts';
import { registerShowCommand } from '../../src/cli/commands/show.ts';
import { registerStatusCommand } from '../../src/cli/commands/status.ts';

/** Runs the operator commands as `greenlight` would, capturing stdout; throws what the command throws. */
export async function runCli(args: string[]): Promise<string> {
  const program = new Command('greenlight').exitOverride();
  program.version('0.1.0');
  for (const register of [
    registerDeployCommand,
    registerPlanCommand,
    registerStatusCommand,
    registerApproveCommand,
    registerRejectCommand,
    registerRollbackCommand,
    registerHistoryCommand,
    registerShowCommand,
  ]) {
    register(program);
  }
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    await program.parseAsync(args, { from: 'user' });
  } finally {
    spy.mockRestore();
  }
  return chunks.join('');
}

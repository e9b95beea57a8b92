import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { GreenlightError, InvalidRequestError } from '../errors.ts';
import { packageFile } from '../runtime/package-files.ts';
import { registerApproveCommand } from './commands/approve.ts';
import { registerDbCommand } from './commands/db.ts';
import { registerDemoCommand } from './commands/demo.ts';
import { registerDeployCommand } from './commands/deploy.ts';
import { registerDrTestCommand } from './commands/dr-test.ts';
import { registerHistoryCommand } from './commands/history.ts';
import { registerInitCommand } from './commands/init.ts';
import { registerPlanCommand } from './commands/plan.ts';
import { registerRejectCommand } from './commands/reject.ts';
import { registerRollbackCommand } from './commands/rollback.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerShowCommand } from './commands/show.ts';
import { registerSimulateCommand } from './commands/simulate.ts';
import { registerSnapshotsCommand } from './commands/snapshots.ts';
import { registerStatusCommand } from './commands/status.ts';
import { registerUnlockCommand } from './commands/unlock.ts';

/** Every `greenlight` command, in the order `--help` lists them. */
const commands: readonly ((program: Command) => unknown)[] = [
  registerInitCommand,
  registerDeployCommand,
  registerPlanCommand,
  registerStatusCommand,
  registerApproveCommand,
  registerRejectCommand,
  registerRollbackCommand,
  registerUnlockCommand,
  registerHistoryCommand,
  registerShowCommand,
  registerSimulateCommand,
  registerDemoCommand,
  registerServeCommand,
  registerDbCommand,
  registerDrTestCommand,
  registerSnapshotsCommand,
];

/** Greenlight's own version, from its package.json. */
export const toolVersion: string = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')).version;

/**
 * The `greenlight` program with every command registered; it throws instead of exiting.
 * Options are positional: `greenlight --version` is the tool's version, while
 * `greenlight deploy --version 1.2.0` is the release's. Without that, the root's `--version`
 * took the flag from every command, printed the tool's version and exited 0 having deployed nothing.
 */
export function buildProgram(): Command {
  const program = new Command('greenlight')
    .description(
      'Blue/green deployments on AWS (ALB, ECS, RDS/Aurora PostgreSQL), runnable end to end on one machine',
    )
    .version(toolVersion, '-V, --version', "print greenlight's own version")
    .enablePositionalOptions()
    .exitOverride()
    .showHelpAfterError('(run greenlight --help for the commands)')
    .addHelpText('after', `\n${exitCodesHelp}`);
  for (const register of commands) register(program);
  return program;
}

/** What `greenlight --help` says of exit codes (the README says the same; the CLI tests hold them). */
export const exitCodesHelp = [
  'Exit codes:',
  '  0  done as expected (a deployment that succeeded, a plan that may go ahead)',
  '  1  the action was refused or failed, or the run ended otherwise than expected',
  '  2  bad usage: an unknown command or flag, or a flag value that is not valid',
].join('\n');

/** Exit codes: 0 done as expected, 1 the operation failed or ended otherwise than expected, 2 bad usage. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander's own parse errors are bad usage (2); commands signal their own codes through it too.
      const usage =
        error.code.startsWith('commander.') &&
        !['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code);
      return usage ? 2 : error.exitCode;
    }
    if (error instanceof InvalidRequestError) {
      process.stderr.write(`greenlight: ${error.message}\n`);
      return 2;
    }
    if (error instanceof GreenlightError) {
      process.stderr.write(`greenlight: ${error.name}: ${error.message}\n`);
      return 1;
    }
    // Anything else (an endpoint that does not answer, a bug): a line, not a stack trace, unless asked.
    process.stderr.write(`greenlight: ${describeUnexpected(error)}\n`);
    if (process.env.GREENLIGHT_DEBUG) process.stderr.write(`${error instanceof Error ? error.stack : ''}\n`);
    return 1;
  }
}

/** One line for an error Greenlight did not raise itself, with what to check when nothing answered. */
function describeUnexpected(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | undefined)?.code;
  if (
    code === 'ECONNREFUSED' ||
    code === 'ENOTFOUND' ||
    code === 'ETIMEDOUT' ||
    /ECONNREFUSED|ENOTFOUND/.test(message)
  )
    return `${message}: nothing answered there; check --endpoint (or GREENLIGHT_ENDPOINT), or start \`greenlight serve\``;
  return `${message} (set GREENLIGHT_DEBUG=1 for the stack trace)`;
}

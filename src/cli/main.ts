import { Command, CommanderError } from 'commander';
import { GreenlightError, InvalidRequestError } from '../errors.ts';
import { registerDbCommand } from './commands/db.ts';
import { registerDemoCommand } from './commands/demo.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerSimulateCommand } from './commands/simulate.ts';

/** Exit codes: 0 done as expected, 1 the operation failed or ended otherwise than expected, 2 bad usage. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('greenlight')
    .description(
      'Blue/green deployments on AWS (ALB, ECS, RDS/Aurora PostgreSQL), runnable end to end on one machine',
    )
    .version('0.1.0')
    .exitOverride()
    .showHelpAfterError('(run greenlight --help for the commands)');
  registerSimulateCommand(program);
  registerDemoCommand(program);
  registerServeCommand(program);
  registerDbCommand(program);
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
    throw error;
  }
}

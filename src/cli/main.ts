import { Command } from 'commander';

/** Runs the CLI and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('greenlight').description(
    'Blue/green deployments on AWS, runnable on one machine',
  );
  program.command('version').action(() => console.log('0.1.0'));
  await program.parseAsync([...argv]);
  return 0;
}

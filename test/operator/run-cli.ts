import { vi } from 'vitest';
import { buildProgram } from '../../src/cli/main.ts';

/** Runs the operator commands as `greenlight` would, capturing stdout; throws what the command throws. */
export async function runCli(args: string[]): Promise<string> {
  const program = buildProgram();
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

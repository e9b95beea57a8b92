/**
 * Lifecycle hooks in the local world: a command, run with its argv (no shell), the hook's context
 * as JSON in GREENLIGHT_HOOK, killed at its timeout. Exit 0 passes. A Lambda hook cannot run
 * here, and says so instead of passing unseen.
 */
import { execFile } from 'node:child_process';
import type { HookContext, HookResult, HookRunner } from '../../ports/hook-runner.ts';
import type { LifecycleHook } from '../../schema/config.ts';

/** How much of a command's output its failure detail keeps. */
const outputChars = 500;

export class CommandHookRunner implements HookRunner {
  constructor(private readonly cwd: string = process.cwd()) {}

  async run(hook: LifecycleHook, context: HookContext): Promise<HookResult> {
    // Real time on purpose: a hook is a real process doing real work, so its timeout (execFile's)
    // and the duration it reports are wall time. The world clock stands still while work runs,
    // so no world outcome waits on it; only the hook's own verdict is an outcome.
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    if (!hook.command) {
      return {
        name: hook.name,
        passed: false,
        detail: `hook "${hook.name}" is a Lambda function (${hook.lambda}), which runs only on AWS; give it a command to run it locally`,
        ms: 0,
      };
    }
    const [file, ...args] = hook.command as [string, ...string[]];
    return new Promise((resolve) => {
      execFile(
        file,
        args,
        {
          cwd: this.cwd,
          timeout: hook.timeoutSeconds * 1000,
          killSignal: 'SIGKILL',
          maxBuffer: 1024 * 1024,
          env: { ...process.env, GREENLIGHT_HOOK: JSON.stringify(context) },
        },
        (error, stdout, stderr) => {
          const output = `${stdout}${stderr}`.trim().slice(-outputChars);
          const said = output ? `: ${output}` : '';
          if (!error) {
            resolve({
              name: hook.name,
              passed: true,
              detail: `${hook.command?.join(' ')} exited 0${said}`,
              ms: elapsed(),
            });
            return;
          }
          const failure = error as NodeJS.ErrnoException & { killed?: boolean; code?: number | string };
          const why = failure.killed
            ? `did not finish within its ${hook.timeoutSeconds} s timeout`
            : typeof failure.code === 'number'
              ? `exited ${failure.code}`
              : `could not run (${failure.message})`;
          resolve({
            name: hook.name,
            passed: false,
            detail: `${hook.command?.join(' ')} ${why}${said}`,
            ms: elapsed(),
          });
        },
      );
    });
  }
}

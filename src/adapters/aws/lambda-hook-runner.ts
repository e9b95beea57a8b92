/**
 * Lifecycle hooks on AWS: the hook's Lambda function, invoked synchronously with the hook's
 * context as its event, and abandoned at the hook's timeout. It passes when it answers
 * `{ "passed": true }`; an error it throws, a `passed: false`, a missing answer or a timeout fail
 * it, each with what happened. A command hook cannot run here and says so.
 */
import { InvokeCommand, type InvokeCommandOutput, type LambdaClient } from '@aws-sdk/client-lambda';
import type { HookContext, HookResult, HookRunner } from '../../ports/hook-runner.ts';
import type { LifecycleHook } from '../../schema/config.ts';

export class LambdaHookRunner implements HookRunner {
  /** The IAM actions behind each method (lib/capability-actions.ts). */
  static readonly iamActions = { run: ['lambda:InvokeFunction'] } as const;

  constructor(
    private readonly lambda: LambdaClient,
    private readonly now: () => number = () => performance.now(),
  ) {}

  async run(hook: LifecycleHook, context: HookContext): Promise<HookResult> {
    const started = this.now();
    const result = (passed: boolean, detail: string): HookResult => ({
      name: hook.name,
      passed,
      detail,
      ms: Math.round(this.now() - started),
    });
    if (!hook.lambda) {
      return result(
        false,
        `hook "${hook.name}" is a command, which runs only locally; give it a Lambda function ARN (lambda) on AWS`,
      );
    }
    let response: InvokeCommandOutput;
    try {
      response = await this.lambda.send(
        new InvokeCommand({
          FunctionName: hook.lambda,
          InvocationType: 'RequestResponse',
          Payload: new TextEncoder().encode(JSON.stringify(context)),
        }),
        { abortSignal: AbortSignal.timeout(hook.timeoutSeconds * 1000) },
      );
    } catch (error) {
      const err = error as Error;
      const timedOut = err.name === 'AbortError' || err.name === 'TimeoutError';
      return result(
        false,
        timedOut
          ? `${hook.lambda} did not answer within its ${hook.timeoutSeconds} s timeout`
          : `${hook.lambda} could not be invoked: ${err.name}: ${err.message}`,
      );
    }
    const text = response.Payload ? new TextDecoder().decode(response.Payload) : '';
    if (response.FunctionError) {
      return result(false, `${hook.lambda} failed (${response.FunctionError}): ${text.slice(0, 500)}`);
    }
    let answer: unknown;
    try {
      answer = JSON.parse(text);
    } catch {
      answer = undefined;
    }
    const passed = (answer as { passed?: unknown } | undefined)?.passed;
    const detail = (answer as { detail?: unknown } | undefined)?.detail;
    const said = typeof detail === 'string' && detail ? `: ${detail.slice(0, 500)}` : '';
    if (passed === true) return result(true, `${hook.lambda} passed${said}`);
    if (passed === false) return result(false, `${hook.lambda} answered passed: false${said}`);
    return result(
      false,
      `${hook.lambda} answered ${text.slice(0, 200) || 'nothing'}; expected {"passed": true|false, "detail": "..."}`,
    );
  }
}

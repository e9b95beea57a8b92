import type { HookRunner } from '../../../ports/hook-runner.ts';
import type { PortFactory } from '../aws-ports.ts';

/**
 * The service's lifecycle hooks, as Lambda invocations (lambda:InvokeFunction on the configured
 * ARNs only). The Lambda client loads on the first hook: a service without hooks pays nothing
 * for it at cold start.
 */
export const lambdaHooks: PortFactory<'hooks'> = (context) => () => {
  let runner: Promise<HookRunner> | undefined;
  return {
    async run(hook, hookContext) {
      runner ??= Promise.all([import('@aws-sdk/client-lambda'), import('../lambda-hook-runner.ts')]).then(
        ([{ LambdaClient }, { LambdaHookRunner }]) =>
          new LambdaHookRunner(new LambdaClient(context.clientConfig)),
      );
      return (await runner).run(hook, hookContext);
    },
  };
};

import { InvokeCommand, type InvokeCommandOutput, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { LambdaHookRunner } from '../../src/adapters/aws/lambda-hook-runner.ts';
import { CommandHookRunner } from '../../src/adapters/local/command-hook-runner.ts';
import type { HookContext } from '../../src/ports/hook-runner.ts';
import { type LifecycleHook, lifecycleHookSchema } from '../../src/schema/config.ts';

const context: HookContext = {
  deploymentId: 'deploy-1',
  service: 'shop',
  environment: 'production',
  version: '1.4.2',
  colour: 'green',
  phase: 'after-step',
  step: 1,
  weightPercent: 10,
};
const hook = (value: object): LifecycleHook =>
  lifecycleHookSchema.parse({ name: 'verify-audit-trail', ...value });
const node = (script: string) => [process.execPath, '-e', script];

describe('Class: CommandHookRunner (the local world)', () => {
  const runner = new CommandHookRunner();

  it.each([
    { name: 'exit 0 passes', script: 'console.log("ok")', passed: true, detail: /exited 0: ok$/ },
    {
      name: 'exit 3 fails, with its output',
      script: 'console.error("audit row missing"); process.exit(3)',
      passed: false,
      detail: /exited 3: audit row missing$/,
    },
    {
      name: 'it reads the context from GREENLIGHT_HOOK',
      script:
        'const c = JSON.parse(process.env.GREENLIGHT_HOOK); process.exit(c.weightPercent === 10 && c.step === 1 ? 0 : 1)',
      passed: true,
      detail: /exited 0$/,
    },
  ])('$name', async ({ script, passed, detail }) => {
    const result = await runner.run(hook({ command: node(script) }), context);
    expect(result).toMatchObject({ name: 'verify-audit-trail', passed });
    expect(result.detail).toMatch(detail);
  });

  it('kills a command at its timeout, and fails it saying so', async () => {
    const result = await runner.run(
      hook({ command: node('setTimeout(() => {}, 60_000)'), timeoutSeconds: 1 }),
      context,
    );
    expect(result.passed).toBe(false);
    expect(result.detail).toContain('did not finish within its 1 s timeout');
  });

  it('fails a command that cannot run, and a Lambda hook, which runs only on AWS', async () => {
    expect((await runner.run(hook({ command: ['/no/such/binary'] }), context)).detail).toContain(
      'could not run',
    );
    const lambda = await runner.run(
      hook({ lambda: 'arn:aws:lambda:eu-west-1:123456789012:function:x' }),
      context,
    );
    expect(lambda).toMatchObject({ passed: false });
    expect(lambda.detail).toContain('runs only on AWS; give it a command to run it locally');
  });
});

describe('Class: LambdaHookRunner (AWS)', () => {
  const lambda = mockClient(LambdaClient);
  afterEach(() => lambda.reset());
  const arn = 'arn:aws:lambda:eu-west-1:123456789012:function:verify-audit-trail';
  // The SDK hands back bytes that can also say themselves as a string (its blob adapter).
  const payload = (value: unknown) => {
    const text = JSON.stringify(value);
    return Object.assign(new TextEncoder().encode(text), {
      transformToString: () => text,
    }) as NonNullable<InvokeCommandOutput['Payload']>;
  };
  const run = () =>
    new LambdaHookRunner(new LambdaClient({ region: 'eu-west-1' })).run(hook({ lambda: arn }), context);

  it('invokes the function synchronously with the context as its event, and passes on passed: true', async () => {
    lambda
      .on(InvokeCommand)
      .resolves({ StatusCode: 200, Payload: payload({ passed: true, detail: '3 events written' }) });
    const result = await run();
    expect(result).toMatchObject({ passed: true, detail: `${arn} passed: 3 events written` });
    const input = lambda.commandCalls(InvokeCommand)[0]?.args[0].input;
    expect(input).toMatchObject({ FunctionName: arn, InvocationType: 'RequestResponse' });
    expect(JSON.parse(new TextDecoder().decode(input?.Payload as Uint8Array))).toEqual(context);
  });

  it.each([
    {
      name: 'passed: false',
      response: { StatusCode: 200, Payload: payload({ passed: false, detail: 'no row' }) },
      detail: `${arn} answered passed: false: no row`,
    },
    {
      // Lambda's documented shape for an error the function threw: 200, FunctionError Unhandled.
      name: 'an error it threw',
      response: {
        StatusCode: 200,
        FunctionError: 'Unhandled',
        Payload: payload({ errorType: 'Error', errorMessage: 'db down' }),
      },
      detail: `${arn} failed (Unhandled): {"errorType":"Error","errorMessage":"db down"}`,
    },
    {
      name: 'an answer without passed',
      response: { StatusCode: 200, Payload: payload({ ok: true }) },
      detail: `${arn} answered {"ok":true}; expected {"passed": true|false, "detail": "..."}`,
    },
  ])('fails on $name', async ({ response, detail }) => {
    lambda.on(InvokeCommand).resolves(response);
    expect(await run()).toMatchObject({ passed: false, detail });
  });

  it('fails when the function cannot be invoked, naming the error', async () => {
    const denied = Object.assign(new Error('User is not authorized to perform: lambda:InvokeFunction'), {
      name: 'AccessDeniedException',
    });
    lambda.on(InvokeCommand).rejects(denied);
    expect((await run()).detail).toBe(
      `${arn} could not be invoked: AccessDeniedException: User is not authorized to perform: lambda:InvokeFunction`,
    );
  });

  it('fails a command hook, which runs only locally', async () => {
    const result = await new LambdaHookRunner(new LambdaClient({ region: 'eu-west-1' })).run(
      hook({ command: ['true'] }),
      context,
    );
    expect(result.detail).toContain('runs only locally; give it a Lambda function ARN');
    expect(lambda.calls()).toHaveLength(0);
  });
});

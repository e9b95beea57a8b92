import { describe, expect, it } from 'vitest';
import { lifecycleHookSchema } from '../../src/schema/config.ts';
import { synthEnvironment } from './synth.ts';

const hookArn = 'arn:aws:lambda:eu-west-1:123456789012:function:verify-audit-trail';

/** The Lambda actions each Greenlight function's role may take, by step. */
function lambdaGrants(template: ReturnType<typeof synthEnvironment>['template']) {
  const resources = template.toJSON().Resources as Record<
    string,
    { Type: string; Properties: Record<string, unknown> }
  >;
  const roleOf = (fn: { Properties: Record<string, unknown> }) =>
    (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  const grants = new Map<string, unknown[]>();
  for (const fn of Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Function')) {
    const step = String(fn.Properties.Description ?? '').replace('Greenlight step: ', '');
    const policies = Object.values(resources).filter(
      (r) =>
        r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(roleOf(fn).slice(1, -1)),
    );
    const statements = policies.flatMap(
      (policy) =>
        (policy.Properties.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] })
          .Statement,
    );
    grants.set(
      step,
      statements.filter((statement) => JSON.stringify(statement.Action).includes('lambda:InvokeFunction"')),
    );
  }
  return grants;
}

describe('lifecycle hooks on AWS (services.<name>.hooks)', () => {
  it('lets VerifyGreen and Verify invoke exactly the hook functions, and no other function any', () => {
    // Act
    const { template } = synthEnvironment('staging', {
      edit: (entry) => {
        const shop = entry.config.services.shop;
        if (!shop) throw new Error('the shipped config has no shop service');
        const hook = lifecycleHookSchema.parse({
          name: 'verify-audit-trail',
          lambda: hookArn,
          timeoutSeconds: 20,
        });
        return {
          ...entry,
          config: {
            ...entry.config,
            services: { shop: { ...shop, hooks: { beforeTraffic: [hook], afterStep: [hook] } } },
          },
        };
      },
    });

    // Assess
    const grants = lambdaGrants(template);
    for (const [step, statements] of grants) {
      if (step === 'verify-green' || step === 'verify') {
        expect({ step, statements }).toEqual({
          step,
          statements: [expect.objectContaining({ Resource: hookArn })],
        });
      } else {
        expect({ step, statements }).toEqual({ step, statements: [] });
      }
    }
  });

  it('refuses a command hook at synth: it runs only locally', () => {
    expect(() =>
      synthEnvironment('staging', {
        edit: (entry) => {
          const shop = entry.config.services.shop;
          if (!shop) throw new Error('the shipped config has no shop service');
          const hook = lifecycleHookSchema.parse({ name: 'check-audit', command: ['./scripts/check.sh'] });
          return {
            ...entry,
            config: {
              ...entry.config,
              services: { shop: { ...shop, hooks: { beforeTraffic: [], afterStep: [hook] } } },
            },
          };
        },
      }),
    ).toThrow(
      'services.shop.hooks.afterStep: hook "check-audit" is a command, which runs only in the local world; on AWS give it lambda: <a function ARN>',
    );
  });

  it('refuses a hook that is neither a function nor a command, or both', () => {
    for (const value of [{ name: 'x' }, { name: 'x', lambda: hookArn, command: ['true'] }]) {
      expect(lifecycleHookSchema.safeParse(value).error?.issues[0]?.message).toBe(
        'give either lambda (a function ARN, on AWS) or command (an argv list, locally), not both or neither',
      );
    }
    expect(
      lifecycleHookSchema.safeParse({ name: 'x', lambda: 'verify-audit-trail' }).error?.issues[0]?.message,
    ).toMatch(/expected a Lambda function ARN/);
  });
});

// biome-ignore-all lint/suspicious/noExplicitAny: tests read raw CloudFormation JSON
/**
 * IAM from the code: every function's role grants exactly the actions its step's calls need,
 * as the AWS adapters declare them (src/adapters/aws/iam.ts, lib/capability-actions.ts), no
 * more and no fewer. A second service on an Aurora cluster behind a listener rule makes every
 * kind of call appear (cluster snapshots, ModifyRule), so no declared action goes untested.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { actionsOfCapability } from '../../lib/capability-actions.ts';
import { capabilitiesOf } from '../../lib/step-capabilities.ts';
import { linkKeyIamActions } from '../../src/adapters/aws/secrets-key.ts';
import { synthEnvironment } from './synth.ts';

type Resources = Record<string, { Type: string; Properties: Record<string, any> }>;
const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** What every function needs whatever its step: its logs and its traces. */
const runtimeActions = new Set([
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
]);

let resources: Resources;

const withoutKeys = (object: object, keys: readonly string[]) =>
  Object.fromEntries(Object.entries(object).filter(([key]) => !keys.includes(key)));

beforeAll(() => {
  const { template } = synthEnvironment('production', {
    edit: (entry) => ({
      ...entry,
      config: {
        // Deployment windows and approvals change no grant; left out, the config with a second
        // service still fits in Preflight's environment.
        ...withoutKeys(entry.config, ['windows', 'approvals']),
        services: {
          ...entry.config.services,
          // As small as a binding can be: the whole config must fit in Preflight's environment.
          cart: {
            listener:
              'arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener-rule/app/shop-production/9999999999999999/aaaaaaaaaaaaaaaa/1234567890abcdef',
            targetGroups: {
              blue: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/cart-production-blue/dddddddddddddddd',
              green:
                'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/cart-production-green/eeeeeeeeeeeeeeee',
            },
            compute: {
              cluster: 'arn:aws:ecs:eu-west-1:123456789012:cluster/shop-production',
              blue: 'arn:aws:ecs:eu-west-1:123456789012:service/shop-production/cart-blue',
              green: 'arn:aws:ecs:eu-west-1:123456789012:service/shop-production/cart-green',
            },
            database: { id: 'cart-aurora', kind: 'cluster' },
            // A hook function, so the hooks capability's grant is there to be checked.
            hooks: {
              beforeTraffic: [
                {
                  name: 'verify-cart',
                  lambda: 'arn:aws:lambda:eu-west-1:123456789012:function:verify-cart',
                  timeoutSeconds: 10,
                },
              ],
              afterStep: [],
            },
          },
        },
      } as never,
    }),
  });
  resources = template.toJSON().Resources as Resources;
});

/** Each function's step name (from its description), its role and its environment. */
function functions(): { step: string; role: string; env: Record<string, unknown> }[] {
  return Object.values(resources)
    .filter(
      (r) =>
        r.Type === 'AWS::Lambda::Function' &&
        String(r.Properties.Description ?? '').startsWith('Greenlight step: '),
    )
    .map((r) => ({
      step: String(r.Properties.Description).replace('Greenlight step: ', ''),
      role: r.Properties.Role['Fn::GetAtt'][0] as string,
      env: (r.Properties.Environment?.Variables ?? {}) as Record<string, unknown>,
    }));
}

function grantedActions(role: string): Set<string> {
  return new Set(
    Object.values(resources)
      .filter(
        (r) => r.Type === 'AWS::IAM::Policy' && list(r.Properties.Roles).some((ref: any) => ref.Ref === role),
      )
      .flatMap((r) => r.Properties.PolicyDocument.Statement as { Action: string | string[] }[])
      .flatMap((statement) => list(statement.Action))
      .filter((action) => !runtimeActions.has(action)),
  );
}

describe('IAM from the code', () => {
  it('covers every function of the stack', () => {
    expect(functions().length).toBeGreaterThanOrEqual(30);
  });

  it('grants each function exactly the actions its step’s calls need', () => {
    const mismatches = functions().flatMap(({ step, role, env }) => {
      const needed = new Set<string>([
        ...capabilitiesOf(step).flatMap((capability) => actionsOfCapability[capability]),
        // The signed approval links: the key is read where the stack hands it over.
        ...(env.GREENLIGHT_APPROVAL_KEY_SECRET_ID ? linkKeyIamActions : []),
      ]);
      const granted = grantedActions(role);
      const missing = [...needed].filter((action) => !granted.has(action)).sort();
      const extra = [...granted].filter((action) => !needed.has(action)).sort();
      return missing.length + extra.length === 0 ? [] : [{ step, missing, extra }];
    });
    expect(mismatches).toEqual([]);
  });
});

import type { DrTargets, Preset } from './preset.ts';

/**
 * The config file `greenlight init --preset <name>` writes: the preset's policy for each of its
 * environments, around one example service (`shop`) whose bindings, addresses and account a new
 * user replaces with their own. The policy is the preset's, unchanged: edit it there to change a
 * preset, or here in the written file to depart from it.
 */
export function configFileFor(preset: Preset): { readonly $comment: string; readonly environments: object } {
  return {
    $comment: `Greenlight config from the "${preset.name}" preset (${preset.title}, shared/seeds/${preset.seed}). Replace the shop service's ARNs, the account, the emails and the security group with your own.`,
    environments: Object.fromEntries(
      Object.entries(preset.environments).map(([environment, { policy, dr }]) => [
        environment,
        {
          config: {
            environment,
            ...structuredClone(policy),
            services: {
              shop: {
                ...exampleBinding(environment),
                ...(preset.smokeTests && { smokeTests: structuredClone(preset.smokeTests) }),
                ...(preset.hooks && { hooks: structuredClone(preset.hooks) }),
              },
            },
          },
          aws: {
            region: exampleRegion,
            notificationEmails: { critical: [`oncall-${environment}@example.com`] },
            ...(dr && {
              dr: {
                ...drTargetsOf(dr),
                timeZone: policy.windows?.timeZone ?? 'UTC',
                securityGroupId: 'sg-0123456789abcdef0',
              },
            }),
          },
        },
      ]),
    ),
  };
}

const exampleRegion = 'eu-west-1';
const exampleAccount = '123456789012';

/** The `shop` service's binding in `environment`, with made-up ids in the shapes AWS uses. */
function exampleBinding(environment: string) {
  const elb = `arn:aws:elasticloadbalancing:${exampleRegion}:${exampleAccount}`;
  const name = `shop-${environment}`;
  const ecs = `arn:aws:ecs:${exampleRegion}:${exampleAccount}`;
  return {
    listener: `${elb}:listener/app/${name}/0123456789abcdef/1111111111111111`,
    testListener: `http://internal-${name}-0123456789.${exampleRegion}.elb.amazonaws.com:8443`,
    testListenerArn: `${elb}:listener/app/${name}/0123456789abcdef/2222222222222222`,
    targetGroups: {
      blue: `${elb}:targetgroup/${name}-blue/3333333333333333`,
      green: `${elb}:targetgroup/${name}-green/4444444444444444`,
    },
    compute: {
      cluster: `${ecs}:cluster/${name}`,
      blue: `${ecs}:service/${name}/shop-blue`,
      green: `${ecs}:service/${name}/shop-green`,
    },
    database: { id: `arn:aws:rds:${exampleRegion}:${exampleAccount}:db:${name}`, kind: 'instance' },
  };
}

/** The targets as the config file's `aws.dr` takes them (why they were assumed is the preset's to say). */
function drTargetsOf({ assumed: _assumed, ...targets }: DrTargets) {
  return targets;
}

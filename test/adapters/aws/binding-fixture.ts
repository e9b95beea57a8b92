import { envNames } from '../../../src/adapters/aws/ports-from-env.ts';
import type { ServiceBinding } from '../../../src/schema/config.ts';

const elb = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012';

/** A realistic AWS binding for the `shop` service. */
export const binding: ServiceBinding = {
  listener: `${elb}:listener/app/shop-alb/50dc6c495c0c9188/f2f7dc8efc522ab2`,
  testListener: 'http://127.0.0.1:1',
  testListenerArn: `${elb}:listener/app/shop-alb/50dc6c495c0c9188/7a1b2c3d4e5f6a7b`,
  targetGroups: {
    blue: `${elb}:targetgroup/shop-blue/73e2d6bc24d8a067`,
    green: `${elb}:targetgroup/shop-green/943f017f100becff`,
  },
  compute: {
    cluster: 'arn:aws:ecs:eu-west-1:123456789012:cluster/shop',
    blue: 'arn:aws:ecs:eu-west-1:123456789012:service/shop/shop-blue',
    green: 'arn:aws:ecs:eu-west-1:123456789012:service/shop/shop-green',
  },
  database: { id: 'arn:aws:rds:eu-west-1:123456789012:db:shop-db', kind: 'instance' },
  smokeTests: ['/health', '/health/ready'],
  trial: { requests: 600, ratePerSecond: 20, paths: ['/'] },
  hooks: { beforeTraffic: [], afterStep: [] },
};

/** The environment the Greenlight stack sets on every function, for `shop` in production. */
export const stackEnv: Readonly<Record<string, string>> = {
  AWS_REGION: 'eu-west-1',
  [envNames.environment]: 'production',
  [envNames.tableName]: 'greenlight-production',
  [envNames.topicInfo]: 'arn:aws:sns:eu-west-1:123456789012:info',
  [envNames.topicWarning]: 'arn:aws:sns:eu-west-1:123456789012:warning',
  [envNames.topicCritical]: 'arn:aws:sns:eu-west-1:123456789012:critical',
  [envNames.serviceTargetGroups]: JSON.stringify({ shop: binding.targetGroups.blue }),
};

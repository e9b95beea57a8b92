import { createHash } from 'node:crypto';
import type { Colour } from '../ports/colour.ts';
import type { ServiceBinding } from '../schema/config.ts';

/** The account and region the local world's ARNs name. */
export const localAccount = '000000000000';
export const localRegion = 'local';

/** 16 hex digits, stable per name: the id part of an ELB ARN. */
const idFor = (name: string): string => createHash('sha256').update(name).digest('hex').slice(0, 16);

/**
 * A service's binding in the local world, in the same shape as on AWS: an ALB listener ARN, a
 * target group ARN per colour, ECS service ARNs and a database id. The alarms, metrics and
 * adapters read them exactly as they read real ones; only `testListener` and the trial's
 * `productionUrl` are local URLs (on AWS too they are the listeners' base URLs).
 */
export function localServiceBinding(
  service: string,
  listeners: { readonly testUrl: string; readonly productionUrl: string },
): ServiceBinding {
  const elb = `arn:aws:elasticloadbalancing:${localRegion}:${localAccount}`;
  const loadBalancer = `app/${service}/${idFor(`lb:${service}`)}`;
  const targetGroup = (colour: Colour) =>
    `${elb}:targetgroup/${service}-${colour}/${idFor(`tg:${service}:${colour}`)}`;
  const ecs = `arn:aws:ecs:${localRegion}:${localAccount}`;
  return {
    listener: `${elb}:listener/${loadBalancer}/${idFor(`listener:${service}`)}`,
    testListener: listeners.testUrl,
    testListenerArn: `${elb}:listener/${loadBalancer}/${idFor(`test-listener:${service}`)}`,
    targetGroups: { blue: targetGroup('blue'), green: targetGroup('green') },
    compute: {
      cluster: `${ecs}:cluster/local`,
      blue: `${ecs}:service/local/${service}-blue`,
      green: `${ecs}:service/local/${service}-green`,
    },
    database: { id: `${service}-db`, kind: 'instance' },
    smokeTests: ['/health', '/health/ready', '/health/db'],
    trial: { requests: 600, ratePerSecond: 20, paths: ['/'], productionUrl: listeners.productionUrl },
    hooks: { beforeTraffic: [], afterStep: [] },
  };
}

/**
 * The schema a service's tables live in, in the world's engine: `gl_<world>_<service>`, so
 * worlds sharing a server (parallel test files, a served world beside a simulation) never meet.
 */
export function serviceSchema(worldId: string, service: string): string {
  const name = `gl_${worldId}_${service.replaceAll('-', '_')}`;
  return name.length <= 63 ? name : `${name.slice(0, 54)}_${idFor(name).slice(0, 8)}`;
}

/**
 * The schema of the world's Store (lock, records, audit trail): `gl_<world>__store`. Service
 * names start with a letter, so no service schema can be named this.
 */
export const storeSchema = (worldId: string): string => `gl_${worldId}__store`;

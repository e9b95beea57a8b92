import type { EnvironmentConfigInput } from '../../src/schema/config.ts';
import type { DeploymentRequest } from '../../src/schema/request.ts';

/** A staging environment with the seed 003 plan shape (10 → 50 → 100) and short bakes. */
export function stagingConfig(overrides: Partial<EnvironmentConfigInput> = {}): EnvironmentConfigInput {
  return {
    environment: 'staging',
    trafficPlan: [
      { weightPercent: 10, bakeSeconds: 60 },
      { weightPercent: 50, bakeSeconds: 60 },
      { weightPercent: 100, bakeSeconds: 60 },
    ],
    standbySeconds: 120,
    backup: { enabled: true, pollSeconds: 5, maxWaitSeconds: 60, retentionDays: 7 },
    deployGreen: { maxWaitSeconds: 60 },
    contact: 'ops@example.com',
    services: {
      shop: {
        listener: 'listener/shop',
        targetGroups: { blue: 'tg/shop-blue', green: 'tg/shop-green' },
        compute: { cluster: 'main', blue: 'shop-blue', green: 'shop-green' },
        database: { id: 'shop-db', kind: 'instance' },
      },
    },
    ...overrides,
  };
}

/** The staging config with the shop service's binding changed by `binding` (smoke tests, hooks, ...). */
export function stagingConfigWithShop(
  binding: Partial<EnvironmentConfigInput['services'][string]>,
): EnvironmentConfigInput {
  const base = stagingConfig();
  const shop = base.services.shop;
  if (!shop) throw new Error('stagingConfig has no shop service');
  return { ...base, services: { shop: { ...shop, ...binding } } };
}

export function deployRequest(overrides: Partial<DeploymentRequest> = {}): DeploymentRequest {
  return {
    service: 'shop',
    environment: 'staging',
    version: '1.1.0',
    image: 'registry.example.com/shop:1.1.0',
    releaseType: 'minor',
    changeRequestId: 'CHG-1042',
    migrations: { location: 'migrations/shop' },
    requestedBy: 'pipeline/shop-release',
    ...overrides,
  };
}

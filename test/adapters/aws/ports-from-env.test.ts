import { describe, expect, it } from 'vitest';
import {
  awsPortsFromEnv,
  envNames,
  migrationsUnavailable,
} from '../../../src/adapters/aws/ports-from-env.ts';
import { awsMigratorFromEnv } from '../../../src/adapters/aws/rds-migrator-from-env.ts';
import { ConfigError, InvalidRequestError } from '../../../src/errors.ts';
import { binding, stackEnv } from './binding-fixture.ts';

const env = stackEnv;

const config = {
  environment: 'production',
  trafficPlan: [{ weightPercent: 100, bakeSeconds: 60 }],
  standbySeconds: 3600,
  services: { shop: binding },
};

describe('Function: awsPortsFromEnv', () => {
  it('binds every port from a complete environment', () => {
    // Act
    const ports = awsPortsFromEnv(env);
    // Assess
    for (const port of [
      'router',
      'compute',
      'metrics',
      'alarms',
      'smoke',
      'snapshots',
      'notifier',
      'callbacks',
      'store',
    ]) {
      expect(ports[port as keyof typeof ports], port).toBeDefined();
    }
    expect(ports.store).toBe(ports.store);
    expect(ports.clock.nowMs()).toBeGreaterThan(0);
  });

  it.each([envNames.tableName, envNames.topicCritical, envNames.environment])(
    'throws ConfigError naming a missing %s',
    (name) => {
      // Prepare
      const incomplete = { ...env, [name]: undefined };
      // Act / Assess
      expect(() => awsPortsFromEnv(incomplete)).toThrow(ConfigError);
      expect(() => awsPortsFromEnv(incomplete)).toThrow(name);
    },
  );

  it('throws ConfigError when the service map is not JSON', () => {
    expect(() => awsPortsFromEnv({ ...env, [envNames.serviceTargetGroups]: '{nope' })).toThrow(
      envNames.serviceTargetGroups,
    );
  });

  it('loads and validates the config of its own environment', async () => {
    // Prepare
    const ports = awsPortsFromEnv({ ...env, [envNames.config]: JSON.stringify(config) });
    // Act
    const loaded = await ports.config.load('production');
    // Assess
    expect(loaded.services.shop?.listener).toBe(binding.listener);
    await expect(ports.config.load('staging')).rejects.toBeInstanceOf(InvalidRequestError);
  });

  it('names the bad field of an invalid config', async () => {
    // Prepare
    const ports = awsPortsFromEnv({
      ...env,
      [envNames.config]: JSON.stringify({ ...config, standbySeconds: -1 }),
    });
    // Act / Assess
    await expect(ports.config.load('production')).rejects.toThrow(/standbySeconds/);
  });

  it('says that only preflight receives the config', async () => {
    await expect(awsPortsFromEnv(env).config.load('production')).rejects.toThrow(envNames.config);
  });
});

describe('Port: migrator', () => {
  it('uses the SQL migrator from awsMigratorFromEnv when database secrets are configured', () => {
    // Prepare
    const withSecrets = {
      ...env,
      [envNames.databaseSecrets]: JSON.stringify({ shop: 'arn:aws:secretsmanager:eu-west-1:1:secret:x' }),
    };
    // Act
    const ports = awsPortsFromEnv(withSecrets, { migrator: awsMigratorFromEnv(withSecrets) });
    // Assess
    expect(ports.migrator).not.toBe(migrationsUnavailable);
    expect(typeof ports.migrator.migrate).toBe('function');
  });

  it('refuses migrations without database secrets, and in functions not given the migrator', () => {
    expect(awsMigratorFromEnv(env)).toBe(migrationsUnavailable);
    expect(awsPortsFromEnv(env).migrator).toBe(migrationsUnavailable);
  });
});

describe('Object: migrationsUnavailable', () => {
  it('refuses migrations with a ConfigError that says why', async () => {
    await expect(
      migrationsUnavailable.migrate(binding, { location: 's3://bucket/migrations', deploymentId: 'd-1' }),
    ).rejects.toThrow(/migrations are not enabled in this Greenlight stack/);
  });
});

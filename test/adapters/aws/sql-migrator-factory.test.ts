/**
 * The SQL migrator of the Migrate and Rollback entries: its variables are checked at cold start,
 * and the engine (umzug and pg) loads on first use only.
 */
import { describe, expect, it } from 'vitest';
import { awsPorts } from '../../../src/adapters/aws/aws-ports.ts';
import { sqlMigrator } from '../../../src/adapters/aws/ports/migrator.ts';
import { dynamoDbStore } from '../../../src/adapters/aws/ports/store.ts';
import { envNames } from '../../../src/adapters/aws/stack-env.ts';
import { binding, stackEnv } from './binding-fixture.ts';

const compose = (env: Record<string, string>) =>
  awsPorts(env, { store: dynamoDbStore, migrator: sqlMigrator });

describe('the SQL migrator port', () => {
  it('refuses malformed database secrets at cold start, naming the variable', () => {
    expect(() => compose({ ...stackEnv, [envNames.databaseSecrets]: 'not json' })).toThrow(
      /GREENLIGHT_DATABASE_SECRETS/,
    );
  });

  it('without database secrets refuses migrations with how to enable them, and loads no engine', async () => {
    // Act
    const ports = compose({ ...stackEnv });
    const outcome = await ports.migrator
      .migrate(binding, { location: 'migrations', deploymentId: 'd-1' })
      .then(
        () => null,
        (error: Error) => error,
      );

    // Assess
    expect(outcome?.message).toMatch(/GREENLIGHT_DATABASE_SECRETS|databaseSecrets/);
  });

  it('with database secrets, loads the engine on first use and keeps one for the function', async () => {
    // Arrange
    const env = {
      ...stackEnv,
      [envNames.databaseSecrets]: JSON.stringify({
        shop: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop-db-AbCdEf',
      }),
    };
    const ports = compose(env);

    // Act: a location that does not exist is refused by the engine itself, before any connection
    const first = await ports.migrator.check(binding, 'no/such/folder').then(
      () => null,
      (error: Error) => error,
    );
    const second = await ports.migrator.check(binding, 'no/such/folder').then(
      () => null,
      (error: Error) => error,
    );

    // Assess
    expect(first?.name).toBe('MigrationFailedError');
    expect(second?.message).toBe(first?.message);
    expect(ports.migrator).toBe(ports.migrator);
  });
});

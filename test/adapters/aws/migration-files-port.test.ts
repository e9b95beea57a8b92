import { describe, expect, it } from 'vitest';
import { awsPorts } from '../../../src/adapters/aws/aws-ports.ts';
import { bundledMigrationFiles } from '../../../src/adapters/aws/ports/migration-files.ts';
import { envNames } from '../../../src/adapters/aws/stack-env.ts';
import { ConfigError, MigrationFailedError } from '../../../src/errors.ts';
import { binding, stackEnv } from './binding-fixture.ts';

const root = new URL('../../../', import.meta.url).pathname;
const withSecrets = {
  ...stackEnv,
  LAMBDA_TASK_ROOT: root,
  [envNames.databaseSecrets]: JSON.stringify({
    shop: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db',
  }),
};

describe("Preflight's migrator (bundled migration files)", () => {
  it('counts the migrations in a bundled folder, reading files only', async () => {
    const { migrator } = awsPorts(withSecrets, { migrator: bundledMigrationFiles });
    expect(await migrator.check(binding, 'examples/shop/migrations')).toEqual({
      migrations: expect.any(Number),
    });
  });

  it('refuses a folder without migrations, an s3:// location, and any attempt to migrate', async () => {
    const { migrator } = awsPorts(withSecrets, { migrator: bundledMigrationFiles });
    await expect(migrator.check(binding, 'docs')).rejects.toThrow(/holds no migrations/);
    await expect(migrator.check(binding, 's3://bucket/migrations')).rejects.toThrow(/uses s3:\/\//);
    await expect(
      migrator.migrate(binding, { location: 'examples/shop/migrations', deploymentId: 'd' }),
    ).rejects.toBeInstanceOf(MigrationFailedError);
  });

  it('refuses migrations, saying how to enable them, in a stack without database secrets', async () => {
    const { migrator } = awsPorts(stackEnv, { migrator: bundledMigrationFiles });
    await expect(migrator.check(binding, 'examples/shop/migrations')).rejects.toBeInstanceOf(ConfigError);
  });
});

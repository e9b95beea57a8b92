import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { postgresUrlFromSecret, rdsMigrator } from '../../../src/adapters/aws/rds-migrator.ts';
import { ConfigError } from '../../../src/errors.ts';
import { binding } from './binding-fixture.ts';
import { sdkError, translationCases } from './sdk-error-fixtures.ts';

const secrets = mockClient(SecretsManagerClient);
const secretArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop-db-AbCdEf';
const migrator = () =>
  rdsMigrator({
    client: new SecretsManagerClient({ region: 'eu-west-1' }),
    baseDir: new URL('../../..', import.meta.url).pathname,
    secretArnOf: () => secretArn,
  });

describe('Function: postgresUrlFromSecret', () => {
  it('builds a TLS URL from an RDS secret, escaping the password', () => {
    expect(
      postgresUrlFromSecret(
        {
          host: 'shop.abc.eu-west-1.rds.amazonaws.com',
          port: 5432,
          username: 'app',
          password: 'p@ss/w:rd',
          dbname: 'shop',
        },
        secretArn,
      ),
    ).toBe('postgres://app:p%40ss%2Fw%3Ard@shop.abc.eu-west-1.rds.amazonaws.com:5432/shop?sslmode=no-verify');
  });

  it('throws ConfigError naming the missing fields', () => {
    expect(() => postgresUrlFromSecret({ host: 'h' }, secretArn)).toThrow(/lacks username, password/);
  });
});

describe('Function: rdsMigrator', () => {
  beforeEach(() => {
    secrets.reset();
  });

  it('refuses a secret that is not JSON', async () => {
    // Prepare
    secrets.on(GetSecretValueCommand).resolves({ SecretString: 'hunter2' });
    // Act / Assess
    await expect(
      migrator().migrate(binding, { location: 'examples/shop/migrations', deploymentId: 'd-1' }),
    ).rejects.toBeInstanceOf(ConfigError);
  });

  it.each(translationCases(() => sdkError('ResourceNotFoundException', 400)))(
    'translates %s from GetSecretValue',
    async (_label, makeError, expected) => {
      secrets.on(GetSecretValueCommand).rejects(makeError());
      await expect(
        migrator().migrate(binding, { location: 'examples/shop/migrations', deploymentId: 'd-1' }),
      ).rejects.toBeInstanceOf(expected);
    },
  );
});

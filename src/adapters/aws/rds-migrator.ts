import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createSqlMigratorPort } from '../../db/sql-migrator-port.ts';
import { ConfigError } from '../../errors.ts';
import { openPostgres } from '../../local-world/db/postgres-database.ts';
import type { Migrator } from '../../ports/database.ts';
import type { ServiceBinding } from '../../schema/config.ts';
import { callAws } from './sdk-errors.ts';

/** The fields of an RDS-managed (or RDS-format) database secret that a connection needs. */
interface DatabaseSecret {
  readonly host: string;
  readonly port?: number | string;
  readonly username: string;
  readonly password: string;
  readonly dbname?: string;
}

/**
 * A `postgres://` URL from an RDS secret. TLS is required (RDS supports it everywhere); the
 * database name defaults to `postgres`. Pure, exported for tests.
 */
export function postgresUrlFromSecret(secret: unknown, secretArn: string): string {
  const s = secret as Partial<DatabaseSecret>;
  const missing = (['host', 'username', 'password'] as const).filter(
    (field) => typeof s?.[field] !== 'string',
  );
  if (missing.length > 0) {
    throw new ConfigError(
      `secret ${secretArn} lacks ${missing.join(', ')}; it must be an RDS database secret (JSON with host, port, username, password, dbname)`,
    );
  }
  const user = encodeURIComponent(s.username as string);
  const password = encodeURIComponent(s.password as string);
  const database = encodeURIComponent(s.dbname ?? 'postgres');
  return `postgres://${user}:${password}@${s.host}:${s.port ?? 5432}/${database}?sslmode=no-verify`;
}

export interface RdsMigratorOptions {
  /** The secret ARN holding each service's database credentials. */
  readonly secretArnOf: (binding: ServiceBinding) => string;
  /** Folder that relative migration locations resolve against (the function's bundle). */
  readonly baseDir: string;
  /** @default a new client */
  readonly client?: SecretsManagerClient;
  /** Per-statement timeout; migrations may take longer than queries. @default 300000 */
  readonly statementTimeoutMs?: number;
}

/**
 * The SQL migration engine (`src/db`) on RDS: credentials from Secrets Manager, a fresh pool
 * per call (closed after), migrations from a folder bundled with the function. Contract
 * (`breaks-blue`) migrations are refused: blue keeps serving on the same database.
 */
export function rdsMigrator(options: RdsMigratorOptions): Migrator {
  const client = options.client ?? new SecretsManagerClient({});
  return createSqlMigratorPort({
    baseDir: options.baseDir,
    closeAfterUse: true,
    connect: async (binding) => {
      const secretArn = options.secretArnOf(binding);
      const response = await callAws(
        { operation: 'GetSecretValue', resource: secretArn, configHint: 'aws.databaseSecrets in the config' },
        () => client.send(new GetSecretValueCommand({ SecretId: secretArn })),
      );
      let secret: unknown;
      try {
        secret = JSON.parse(response.SecretString ?? '');
      } catch {
        throw new ConfigError(`secret ${secretArn} is not JSON; it must be an RDS database secret`);
      }
      return openPostgres(postgresUrlFromSecret(secret, secretArn), {
        maxConnections: 1,
        statementTimeoutMs: options.statementTimeoutMs ?? 300_000,
      });
    },
  });
}

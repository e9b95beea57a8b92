import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { openPostgres, type PostgresDatabase } from '../../db/engine/postgres-database.ts';
import { ConfigError } from '../../errors.ts';
import type { IamAction } from './iam.ts';
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

export interface OpenSecretDatabaseOptions {
  readonly client: SecretsManagerClient;
  /** An RDS database secret: JSON with host, port, username, password, dbname. */
  readonly secretArn: string;
  /**
   * Connect here instead of the secret's host, e.g. a restored copy's endpoint (a restore
   * keeps the master user and password).
   * @default - the secret's own host and port
   */
  readonly endpoint?: { readonly host: string; readonly port: number };
  readonly statementTimeoutMs: number;
}

/** The IAM actions of opening a service's database from its secret (src/adapters/aws/iam.ts). */
export const secretDatabaseIamActions: readonly IamAction[] = ['secretsmanager:GetSecretValue'];

/**
 * A one-connection pool on the database an RDS secret describes. The caller closes it. The
 * function must reach the database: in its VPC, allowed in by its security group.
 */
export async function openSecretDatabase(options: OpenSecretDatabaseOptions): Promise<PostgresDatabase> {
  const { secretArn } = options;
  const response = await callAws(
    { operation: 'GetSecretValue', resource: secretArn, configHint: 'aws.databaseSecrets in the config' },
    () => options.client.send(new GetSecretValueCommand({ SecretId: secretArn })),
  );
  let secret: Record<string, unknown>;
  try {
    secret = JSON.parse(response.SecretString ?? '');
  } catch {
    throw new ConfigError(`secret ${secretArn} is not JSON; it must be an RDS database secret`);
  }
  return openPostgres(postgresUrlFromSecret({ ...secret, ...options.endpoint }, secretArn), {
    maxConnections: 1,
    statementTimeoutMs: options.statementTimeoutMs,
  });
}

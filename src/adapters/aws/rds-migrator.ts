import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createSqlMigratorPort } from '../../db/sql-migrator-port.ts';
import type { Migrator } from '../../ports/database.ts';
import type { ServiceBinding } from '../../schema/config.ts';
import { openSecretDatabase } from './secret-database.ts';

// Kept exported here as well: the migrator was its first home.
export { postgresUrlFromSecret } from './secret-database.ts';

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
    connect: (binding) =>
      openSecretDatabase({
        client,
        secretArn: options.secretArnOf(binding),
        statementTimeoutMs: options.statementTimeoutMs ?? 300_000,
      }),
  });
}

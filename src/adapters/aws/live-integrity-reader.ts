import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { readTableIntegrity } from '../../dr/read-table-integrity.ts';
import type { ServiceBinding } from '../../schema/config.ts';
import { databaseSecretArnsFromEnv } from './database-secrets-from-env.ts';
import { type Env, optionalPositiveInt } from './env.ts';
import { openSecretDatabase } from './secret-database.ts';
import type { LiveIntegrityReader } from './snapshot-integrity-recorder.ts';
import { envNames, sdkClientConfig } from './stack-env.ts';

/**
 * How long the Backup step may spend reading the figures. StartBackup's Task times out after
 * 60 s (statemachines/deploy.asl.json); the secret, the connection, CreateDBSnapshot and the
 * audit write need the rest. A database too big to checksum in this time gets no figures.
 */
export const liveReadBudgetMs = 25_000;

export interface SecretLiveIntegrityReaderOptions {
  readonly client: SecretsManagerClient;
  readonly secretArnOf: (binding: ServiceBinding) => string;
  /** @default liveReadBudgetMs */
  readonly budgetMs?: number;
}

/**
 * Row counts and checksums of every table of the live database's default schema, over SQL
 * with the service's database secret. Every table, because the drill's `tables` are chosen
 * per drill (its request), after the backup: recording all of them serves any choice.
 */
export function secretLiveIntegrityReader(options: SecretLiveIntegrityReaderOptions): LiveIntegrityReader {
  const budgetMs = options.budgetMs ?? liveReadBudgetMs;
  return async (binding) => {
    const db = await openSecretDatabase({
      client: options.client,
      secretArn: options.secretArnOf(binding),
      statementTimeoutMs: budgetMs,
    });
    try {
      return await readTableIntegrity(db, { tables: null, budgetMs });
    } finally {
      await db.close();
    }
  };
}

/**
 * The reader for the Backup entry, from `GREENLIGHT_DATABASE_SECRETS`; undefined when the
 * stack has no database secrets (nothing can be read, so nothing is recorded). Kept out of
 * `awsPortsFromEnv` so that only the Backup bundle carries `pg`.
 */
export function awsLiveIntegrityReaderFromEnv(env: Env = process.env): LiveIntegrityReader | undefined {
  const secretArnOf = databaseSecretArnsFromEnv(env);
  if (!secretArnOf) return undefined;
  const client = new SecretsManagerClient(
    sdkClientConfig(optionalPositiveInt(env, envNames.awsRequestTimeoutMs, 10_000)),
  );
  return secretLiveIntegrityReader({ client, secretArnOf });
}

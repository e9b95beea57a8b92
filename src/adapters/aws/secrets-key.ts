import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { LinkKeys } from '../../approvals/approval-link.ts';
import { type LinkKeySource, linkKeysFromEnv, parseLinkKeys } from '../../approvals/link-keys.ts';
import { ConfigError } from '../../errors.ts';
import { type Clock, systemClock } from '../../ports/clock.ts';
import type { IamAction } from './iam.ts';
import { callAws } from './sdk-errors.ts';

export interface SecretsKeySourceOptions {
  /** Name or ARN of the secret holding the key, or `{"current": ..., "previous": ...}`. */
  readonly secretId: string;
  /** @default a new client */
  readonly client?: SecretsManagerClient;
  /** Keys are re-read after this, so a rotation reaches warm Lambdas. @default 300 */
  readonly cacheSeconds?: number;
  /** @default systemClock */
  readonly clock?: Clock;
}

/** The IAM actions of reading the approval-link keys (src/adapters/aws/iam.ts). */
export const linkKeyIamActions: readonly IamAction[] = ['secretsmanager:GetSecretValue'];

/**
 * The approval-link keys from Secrets Manager, cached per container: one GetSecretValue per
 * `cacheSeconds`, not one per click. A failed read is not cached.
 */
export function secretsManagerKeySource(options: SecretsKeySourceOptions): LinkKeySource {
  const client = options.client ?? new SecretsManagerClient({});
  const clock = options.clock ?? systemClock;
  const cacheMs = (options.cacheSeconds ?? 300) * 1000;
  let cached: { keys: LinkKeys; readAtMs: number } | null = null;
  return async () => {
    const nowMs = clock.nowMs();
    if (cached && nowMs - cached.readAtMs < cacheMs) return cached.keys;
    const response = await callAws(
      {
        operation: 'GetSecretValue',
        resource: options.secretId,
        configHint: 'GREENLIGHT_APPROVAL_KEY_SECRET_ID',
      },
      () => client.send(new GetSecretValueCommand({ SecretId: options.secretId })),
    );
    const text =
      response.SecretString ??
      (response.SecretBinary ? Buffer.from(response.SecretBinary).toString('utf8') : undefined);
    if (!text) {
      throw new ConfigError(`secret ${options.secretId} is empty; store the approval-link key in it`);
    }
    cached = { keys: parseLinkKeys(text, `secret ${options.secretId}`), readAtMs: nowMs };
    return cached.keys;
  };
}

/**
 * The key source a handler uses: Secrets Manager when `GREENLIGHT_APPROVAL_KEY_SECRET_ID` is
 * set (AWS), else `GREENLIGHT_APPROVAL_KEY` (local); null when neither is set.
 */
export function linkKeySourceFromEnv(env: NodeJS.ProcessEnv = process.env): LinkKeySource | null {
  const secretId = env.GREENLIGHT_APPROVAL_KEY_SECRET_ID;
  if (secretId) return secretsManagerKeySource({ secretId });
  const local = linkKeysFromEnv(env);
  return local ? async () => local : null;
}

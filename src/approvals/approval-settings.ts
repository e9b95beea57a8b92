/**
 * Approval-link settings from the environment, read on first use and kept per container.
 * - `GREENLIGHT_APPROVAL_URL`: the approval endpoint's URL (the Lambda function URL);
 * - the key: `GREENLIGHT_APPROVAL_KEY_SECRET_ID` (Secrets Manager) or `GREENLIGHT_APPROVAL_KEY`;
 * - `GREENLIGHT_APPROVERS`: `{"<role>": ["<email>", ...]}`;
 * - `GREENLIGHT_APPROVAL_LINK_TTL_SECONDS`: @default 86400.
 * Without a URL or a key the emails carry no links and say how to use the CLI instead.
 */
import { linkKeySourceFromEnv } from '../adapters/aws/secrets-key.ts';
import { ConfigError } from '../errors.ts';
import type { LinkSettings } from './approval-request.ts';
import { approverDirectoryFromEnv } from './approver-directory.ts';

/** Reads the settings from `env`; null when links are not configured. */
export async function approvalSettingsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): Promise<LinkSettings | null> {
  const baseUrl = env.GREENLIGHT_APPROVAL_URL;
  const keySource = linkKeySourceFromEnv(env);
  if (!baseUrl || !keySource) return null;
  try {
    new URL(baseUrl);
  } catch {
    throw new ConfigError(
      `GREENLIGHT_APPROVAL_URL must be an absolute URL such as https://…/ (got "${baseUrl}")`,
    );
  }
  const ttl = env.GREENLIGHT_APPROVAL_LINK_TTL_SECONDS;
  const linkTtlSeconds = ttl === undefined ? 86_400 : Number(ttl);
  if (!Number.isInteger(linkTtlSeconds) || linkTtlSeconds < 60) {
    throw new ConfigError(
      `GREENLIGHT_APPROVAL_LINK_TTL_SECONDS must be a whole number of seconds ≥ 60 (got "${ttl}")`,
    );
  }
  return { keys: await keySource(), baseUrl, directory: approverDirectoryFromEnv(env), linkTtlSeconds };
}

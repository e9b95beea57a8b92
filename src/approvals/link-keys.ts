/**
 * Where the approval-link signing keys come from: Secrets Manager on AWS
 * (`src/adapters/aws/secrets-key.ts`), an environment secret locally. A secret holds either
 * the key itself, or `{"current": "...", "previous": "..."}` during a rotation: links signed
 * with the previous key keep working until they expire.
 */
import { ConfigError } from '../errors.ts';
import type { LinkKeys } from './approval-link.ts';

/** Anything that can hand out the current keys. */
export type LinkKeySource = () => Promise<LinkKeys>;

/** HMAC-SHA256 keys shorter than this are refused: a short key can be guessed offline. */
export const minKeyBytes = 32;

function keyBytes(value: string, where: string): Uint8Array {
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length < minKeyBytes) {
    throw new ConfigError(
      `${where} is ${bytes.length} bytes; an approval-link key needs at least ${minKeyBytes} (generate one with: openssl rand -base64 48)`,
    );
  }
  return bytes;
}

/**
 * Parses a secret string: a bare key, or JSON `{ "current": "...", "previous"?: "..." }`.
 * @throws ConfigError naming `where` when the key is missing or too short.
 */
export function parseLinkKeys(secret: string, where: string): LinkKeys {
  const text = secret.trim();
  if (text.startsWith('{')) {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      throw new ConfigError(
        `${where} looks like JSON but does not parse; expected {"current": "...", "previous": "..."}`,
      );
    }
    const { current, previous } = (raw ?? {}) as { current?: unknown; previous?: unknown };
    if (typeof current !== 'string') throw new ConfigError(`${where}: "current" must be a string key`);
    return {
      current: keyBytes(current, `${where} (current)`),
      ...(typeof previous === 'string' && previous.length > 0
        ? { previous: keyBytes(previous, `${where} (previous)`) }
        : {}),
    };
  }
  return { current: keyBytes(text, where) };
}

/**
 * Local keys from `GREENLIGHT_APPROVAL_KEY` (and `GREENLIGHT_APPROVAL_KEY_PREVIOUS` while
 * rotating); null when no key is set, which means approval emails carry no links.
 */
export function linkKeysFromEnv(env: NodeJS.ProcessEnv = process.env): LinkKeys | null {
  const current = env.GREENLIGHT_APPROVAL_KEY;
  if (!current) return null;
  const previous = env.GREENLIGHT_APPROVAL_KEY_PREVIOUS;
  return {
    current: keyBytes(current, 'GREENLIGHT_APPROVAL_KEY'),
    ...(previous ? { previous: keyBytes(previous, 'GREENLIGHT_APPROVAL_KEY_PREVIOUS') } : {}),
  };
}

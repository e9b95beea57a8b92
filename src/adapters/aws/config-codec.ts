/**
 * How the environment config travels in a Lambda environment variable: gzip, then base64, behind
 * a `gz:` prefix. Lambda allows 4 KB for all of a function's variables, and a production config
 * with its checklist, freezes and approvals passes 3 KB as JSON; compressed it is a third of that.
 * Plain JSON is still read, so a hand-edited variable works.
 */
import { gunzipSync, gzipSync } from 'node:zlib';

const prefix = 'gz:';

export function encodeConfig(config: unknown): string {
  return prefix + gzipSync(JSON.stringify(config), { level: 9 }).toString('base64');
}

/** The config's JSON text. @throws when a `gz:` value is not gzip in base64. */
export function decodeConfig(value: string): string {
  return value.startsWith(prefix)
    ? gunzipSync(Buffer.from(value.slice(prefix.length), 'base64')).toString('utf8')
    : value;
}

import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MigrationFailedError } from '../errors.ts';

/**
 * Turns a request's `migrations.location` into a folder path: a path (relative to `baseDir`)
 * or a `file://` URL.
 * @throws MigrationFailedError for any other scheme (e.g. `s3://`), naming it
 */
export function resolveMigrationLocation(location: string, baseDir: string = process.cwd()): string {
  if (location.startsWith('file://')) return fileURLToPath(location);
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(location)?.[1];
  if (scheme) {
    throw new MigrationFailedError(
      `migrations location "${location}" uses ${scheme}://, but this migrator reads local folders only: ` +
        'give a folder path (or a file:// URL), e.g. examples/shop/migrations',
    );
  }
  return isAbsolute(location) ? location : resolve(baseDir, location);
}

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Files that ship with Greenlight (the ASL, the sample migrations, package.json), found from the
 * package's root rather than from the importing file. The CLI runs both from `src/` (through
 * tsx) and from the bundle in `dist/cli/`, where a relative `../../` would point elsewhere.
 */
let root: string | undefined;

/** The directory that holds Greenlight's own package.json. */
export function packageRoot(): string {
  if (root !== undefined) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'greenlight') {
      root = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`Greenlight's package.json was not found above ${import.meta.url}`);
    dir = parent;
  }
}

/** The absolute path of a file shipped with Greenlight, e.g. `statemachines/deploy.asl.json`. */
export const packageFile = (relativePath: string): string => join(packageRoot(), relativePath);

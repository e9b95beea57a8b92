// Where the CLI's built JavaScript lives, and whether it is current. The launcher
// (greenlight.mjs) and the build (scripts/build-cli.mjs) share this one rule.
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const sourceDir = fileURLToPath(new URL('../src', import.meta.url));
export const bundleDir = fileURLToPath(new URL('../dist/cli', import.meta.url));
export const bundleEntry = `${bundleDir}/main.js`;

/** The newest modification time of any file under `dir`, in ms (about 4 ms for src/). */
function newestMtimeMs(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    newest = Math.max(newest, entry.isDirectory() ? newestMtimeMs(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * True when the bundle exists and no source file changed after it was built. A stale bundle is
 * never run: an edited checkout falls back to compiling src/ on the fly, slower but correct.
 */
export function bundleIsCurrent() {
  let builtMs;
  try {
    builtMs = statSync(bundleEntry).mtimeMs;
  } catch {
    return false;
  }
  return builtMs >= newestMtimeMs(sourceDir);
}

/**
 * A fresh, initialised PGlite data directory, made once per machine instead of once per process.
 *
 * `initdb` inside WASM takes 2–3 s; loading its result takes about 0.4 s. Every process that
 * opens an in-memory PGlite (each `npm start`, `simulate`, each test worker) would pay the
 * 2–3 s, so the result is kept in `node_modules/.cache/greenlight/`, keyed by the PGlite
 * version, and in memory for the rest of the process. The cache is an optimisation only: when it
 * cannot be read or written, or the engine refuses it, the directory is made afresh and nothing
 * else changes.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { packageRoot } from '../../runtime/package-files.ts';

let template: Promise<Blob> | undefined;

/** The template data directory (a tar), from memory, the disk cache or a fresh initdb. */
export function freshDataDirTemplate(): Promise<Blob> {
  template ??= loadOrMakeTemplate().catch((error: unknown) => {
    template = undefined; // a failed attempt must not poison the rest of the process
    throw error;
  });
  return template;
}

/** Opens an in-memory engine from the template, making the template afresh if the engine refuses it. */
export async function createFromTemplate(): Promise<PGlite> {
  const tar = await freshDataDirTemplate();
  try {
    return await PGlite.create({ loadDataDir: tar });
  } catch {
    await forgetTemplate();
    return PGlite.create({ loadDataDir: await freshDataDirTemplate() });
  }
}

async function loadOrMakeTemplate(): Promise<Blob> {
  const file = await cacheFile();
  const cached = await readCached(file);
  if (cached) return cached;
  const engine = await PGlite.create();
  try {
    const tar = await engine.dumpDataDir('none');
    if (file) await writeAtomically(file, gzipSync(Buffer.from(await tar.arrayBuffer()), { level: 1 }));
    return tar;
  } finally {
    await engine.close();
  }
}

async function readCached(file: string | undefined): Promise<Blob | undefined> {
  if (file === undefined) return undefined;
  try {
    return new Blob([gunzipSync(await readFile(file))]);
  } catch {
    return undefined; // absent or damaged: made afresh, and the file rewritten
  }
}

async function forgetTemplate(): Promise<void> {
  template = undefined;
  const file = await cacheFile();
  if (file) await rm(file, { force: true }).catch(() => undefined);
}

/** Another process may write the same file at the same moment: each writes its own, then renames. */
async function writeAtomically(file: string, bytes: Buffer): Promise<void> {
  const partial = `${file}.${process.pid}.partial`;
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(partial, bytes);
    await rename(partial, file);
  } catch {
    await rm(partial, { force: true }).catch(() => undefined);
  }
}

/** Where the template is kept; undefined when the engine's version is unknown (no safe key). */
async function cacheFile(): Promise<string | undefined> {
  const version = pgliteVersion();
  if (version === undefined) return undefined;
  const name = `pglite-${version}-datadir.tar.gz`;
  if (process.env.GREENLIGHT_CACHE_DIR) return join(process.env.GREENLIGHT_CACHE_DIR, name);
  const inNodeModules = join(packageRoot(), 'node_modules', '.cache', 'greenlight');
  const writable = await mkdir(inNodeModules, { recursive: true }).then(
    () => true,
    () => false,
  );
  return join(writable ? inNodeModules : join(tmpdir(), 'greenlight-cache'), name);
}

/** The installed PGlite's version: a data directory is only valid for the engine that made it. */
function pgliteVersion(): string | undefined {
  const require = createRequire(import.meta.url);
  let dir = dirname(require.resolve('@electric-sql/pglite'));
  for (;;) {
    try {
      const manifest = require(join(dir, 'package.json')) as { name?: string; version?: string };
      if (manifest.name === '@electric-sql/pglite' && manifest.version) return manifest.version;
    } catch {
      // not this directory: keep walking up
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

// The template is kept once per process: each case imports a fresh copy of the module.
const freshModule = async () => {
  vi.resetModules();
  return import('../../../src/db/engine/pglite-template.ts');
};

// The cases run in order on one cache directory: each initdb costs seconds.
describe.sequential('the PGlite data-directory template', () => {
  let cacheDir: string;
  beforeAll(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), 'gl-pglite-cache-'));
  });
  beforeEach(() => {
    vi.stubEnv('GREENLIGHT_CACHE_DIR', cacheDir);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });
  afterAll(async () => {
    await rm(cacheDir, { recursive: true, force: true });
  });

  const cachedFiles = async () => (await readdir(cacheDir)).filter((name) => name.endsWith('.tar.gz'));

  it('is made once, kept on disk under the engine version, and opens a working engine', async () => {
    const { createFromTemplate } = await freshModule();
    const engine = await createFromTemplate();
    try {
      expect((await engine.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await engine.close();
    }
    const files = await cachedFiles();
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^pglite-\d+\.\d+\.\d+-datadir\.tar\.gz$/);
    expect((await stat(join(cacheDir, files[0] as string))).size).toBeGreaterThan(1_000_000);
    expect((await readdir(cacheDir)).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });

  it('is read from disk by a new process, and each engine from it starts empty', async () => {
    const first = await freshModule();
    const a = await first.createFromTemplate();
    await a.exec('CREATE TABLE left_behind (id int)');
    await a.close();
    const [file] = await cachedFiles();
    expect(await cachedFiles()).toHaveLength(1);
    const before = await stat(join(cacheDir, file as string));

    const second = await freshModule();
    const b = await second.createFromTemplate();
    try {
      const found = await b.query("SELECT to_regclass('left_behind') AS found");
      expect(found.rows).toEqual([{ found: null }]);
    } finally {
      await b.close();
    }
    expect((await stat(join(cacheDir, file as string))).mtimeMs).toBe(before.mtimeMs);
  });

  it('made afresh when the cached file is damaged, and the damaged file replaced', async () => {
    const [file] = await cachedFiles();
    await writeFile(join(cacheDir, file as string), 'not a gzip file');

    const second = await freshModule();
    const engine = await second.createFromTemplate();
    try {
      expect((await engine.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await engine.close();
    }
    expect((await stat(join(cacheDir, file as string))).size).toBeGreaterThan(1_000_000);
  });

  it('still works when the cache cannot be written', async () => {
    const aFile = join(cacheDir, 'a-file');
    await writeFile(aFile, '');
    vi.stubEnv('GREENLIGHT_CACHE_DIR', join(aFile, 'beneath-a-file'));
    const { createFromTemplate } = await freshModule();
    const engine = await createFromTemplate();
    try {
      expect((await engine.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await engine.close();
    }
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveMigrationLocation } from '../../src/db/migration-location.ts';
import { createSqlMigratorPort } from '../../src/db/sql-migrator-port.ts';

describe('Function: resolveMigrationLocation', () => {
  it.each([
    ['db/migrations', '/srv/app', '/srv/app/db/migrations'],
    ['/abs/migrations', '/srv/app', '/abs/migrations'],
    [pathToFileURL('/from/url').href, '/srv/app', '/from/url'],
  ])('resolves %s against %s', (location, baseDir, expected) => {
    expect(resolveMigrationLocation(location, baseDir)).toBe(expected);
  });

  it('fails on an S3 prefix, saying it reads local folders only', () => {
    expect(() => resolveMigrationLocation('s3://bucket/migrations')).toThrow(
      /"s3:\/\/bucket\/migrations" uses s3:\/\/, but this migrator reads local folders only/,
    );
  });
});

describe('Method: check (what Preflight asks, without a database)', () => {
  const port = createSqlMigratorPort({
    baseDir: process.cwd(),
    connect: () => Promise.reject(new Error('check must never connect')),
  });
  const binding = {} as never;

  it('counts the migrations of a valid folder', async () => {
    await expect(port.check(binding, 'examples/shop/migrations')).resolves.toEqual({
      migrations: expect.any(Number),
    });
    expect((await port.check(binding, 'examples/shop/migrations')).migrations).toBeGreaterThan(0);
  });

  it.each([
    ['s3://bucket/migrations', 'reads local folders only'],
    ['examples/shop/no-such-folder', 'does not exist or is not a folder'],
  ])('refuses %s', async (location, says) => {
    await expect(port.check(binding, location)).rejects.toThrow(says);
  });

  // A folder the test makes, so the case does not depend on where the clone sits.
  it('refuses a folder that exists but holds no migrations', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'greenlight-empty-migrations-'));
    await expect(port.check(binding, empty)).rejects.toThrow('holds no migrations');
  });
});

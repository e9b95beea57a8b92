import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveMigrationLocation } from '../../src/db/sql-migrator-port.ts';

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

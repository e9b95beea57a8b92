import { afterEach, describe, expect, it } from 'vitest';
import {
  loadMigrationFolder,
  parseHeader,
  parseMigrationFileName,
  planMigrationSet,
  sha256,
} from '../../src/db/migration-files.ts';
import { MigrationFailedError } from '../../src/errors.ts';
import { CONTRACT, EXPAND, migrationDir, removeDirs } from './backends.ts';

const folder = (files: Record<string, string>) =>
  new Map(Object.entries(files).map(([name, text]) => [name, Buffer.from(text)]));

describe('Function: parseMigrationFileName', () => {
  it.each([
    ['001_orders_add_note.up.sql', { id: '001_orders_add_note', number: 1, direction: 'up' }],
    ['012_drop-legacy.down.sql', { id: '012_drop-legacy', number: 12, direction: 'down' }],
    ['7_x.up.sql', { id: '7_x', number: 7, direction: 'up' }],
  ])('parses %s', (name, expected) => {
    expect(parseMigrationFileName(name)).toEqual(expected);
  });

  it.each(['001_x.sql', 'orders.up.sql', '001-x.up.sql', '001_x.up.SQL', '001_.up.sql'])(
    'rejects %s',
    (name) => {
      expect(parseMigrationFileName(name)).toBeUndefined();
    },
  );
});

describe('Function: parseHeader', () => {
  it.each([
    [EXPAND, true],
    [CONTRACT, false],
    ['\n\n  -- greenlight: breaks-blue  \r\nDROP TABLE x;', false],
    ['\uFEFF--greenlight:blue-compatible\n', true],
  ])('reads the header of %j', (sql, blueCompatible) => {
    expect(parseHeader('f.up.sql', `${sql}SELECT 1;`)).toBe(blueCompatible);
  });

  it.each([
    ['no header', 'ALTER TABLE orders ADD COLUMN note text;', '"ALTER TABLE orders ADD COLUMN note text;"'],
    ['a misspelt kind', '-- greenlight: compatible\n', '"-- greenlight: compatible"'],
    ['the header on line two', '-- adds note\n-- greenlight: blue-compatible\n', '"-- adds note"'],
    ['an empty file', '', '(an empty file)'],
  ])('fails with %s, naming the file, both allowed lines and what was found', (_, sql, found) => {
    const parse = () => parseHeader('/m/001_x.up.sql', sql);

    expect(parse).toThrow(MigrationFailedError);
    expect(parse).toThrow('/m/001_x.up.sql has no expand/contract header');
    expect(parse).toThrow('-- greenlight: blue-compatible');
    expect(parse).toThrow('-- greenlight: breaks-blue');
    expect(parse).toThrow(`found: ${found}`);
  });
});

describe('Function: planMigrationSet', () => {
  it('orders by number, not by name, and hashes the up bytes', () => {
    const set = planMigrationSet(
      '/m',
      folder({
        '10_ten.up.sql': `${EXPAND}SELECT 10;`,
        '9_nine.up.sql': `${CONTRACT}SELECT 9;`,
        '9_nine.down.sql': 'SELECT -9;',
        'README.md': 'ignored',
      }),
    );

    expect(set.migrations.map((m) => [m.id, m.blueCompatible, m.downSql])).toEqual([
      ['9_nine', false, 'SELECT -9;'],
      ['10_ten', true, undefined],
    ]);
    expect(set.migrations[1]).toMatchObject({
      upPath: '/m/10_ten.up.sql',
      checksum: sha256(`${EXPAND}SELECT 10;`),
    });
    expect(set.warnings).toEqual([
      '10_ten.up.sql has no down script (10_ten.down.sql): it cannot be reverted',
    ]);
  });

  it.each([
    [
      'two migrations with one number',
      { '001_a.up.sql': EXPAND, '1_b.up.sql': EXPAND },
      '1_b.up.sql and 001_a.up.sql share the number 1',
    ],
    ['a badly named sql file', { '001_a.sql': EXPAND }, '/m/001_a.sql is not a migration file name'],
    [
      'a down file without its up file',
      { '002_b.down.sql': 'SELECT 1;' },
      '/m/002_b.down.sql has no up file',
    ],
    [
      'an up file without a header',
      { '001_a.up.sql': 'SELECT 1;' },
      '/m/001_a.up.sql has no expand/contract header',
    ],
  ])('fails on %s', (_, files, message) => {
    const plan = () => planMigrationSet('/m', folder(files));

    expect(plan).toThrow(MigrationFailedError);
    expect(plan).toThrow(message);
  });
});

describe('Function: loadMigrationFolder', () => {
  const dirs: string[] = [];
  afterEach(() => removeDirs(dirs));

  it('reads the .sql files of a folder', async () => {
    const dir = await migrationDir({ '001_a.up.sql': `${EXPAND}SELECT 1;`, 'notes.txt': 'x' });
    dirs.push(dir);

    const set = await loadMigrationFolder(dir);

    expect(set.dir).toBe(dir);
    expect(set.migrations.map((m) => m.id)).toEqual(['001_a']);
  });

  it('fails when the folder does not exist, naming it', async () => {
    await expect(loadMigrationFolder('/nowhere/migrations')).rejects.toThrow(
      'migration folder /nowhere/migrations does not exist or is not a folder',
    );
  });
});

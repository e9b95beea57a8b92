import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { capabilitiesOf } from '../../lib/step-capabilities.ts';
import { expectedFunctionNames, type Synthesised, synthEnvironment } from './synth.ts';

/** The one test file that runs esbuild for every function (slow: synthesised once). */
let synthesised: Synthesised;
let bundles: { dir: string; bytes: number; head: string; text: string; hasMigrations: boolean }[];

beforeAll(() => {
  synthesised = synthEnvironment('production', { bundle: true });
  const outdir = synthesised.app.outdir;
  bundles = readdirSync(outdir)
    .filter((name) => name.startsWith('asset.'))
    .flatMap((dir) => {
      const file = join(outdir, dir, 'index.mjs');
      try {
        const migration = join(outdir, dir, 'examples/shop/migrations/001_orders_add_note.up.sql');
        const hasMigrations = existsSync(migration);
        const text = readFileSync(file, 'utf8');
        return [{ dir, bytes: statSync(file).size, head: text.slice(0, 200), text, hasMigrations }];
      } catch {
        return [];
      }
    });
}, 300_000);

describe('Lambda bundles (local esbuild)', () => {
  it('bundles every function as an ESM index.mjs', () => {
    expect(bundles).toHaveLength(expectedFunctionNames().length);
    for (const bundle of bundles) expect(bundle.head).toContain('import{createRequire');
  });

  it('gives every bundle Lambda’s environment credentials, not the SDK’s whole default chain', () => {
    for (const bundle of bundles) {
      expect(bundle.text, bundle.dir).toContain('AWS_SESSION_TOKEN');
      expect(bundle.text, bundle.dir).not.toContain('AWS_WEB_IDENTITY_TOKEN_FILE');
    }
  });

  it('keeps every bundle under 3 MB (minified, SDK included)', () => {
    for (const bundle of bundles) expect(bundle.bytes, bundle.dir).toBeLessThan(3 * 1024 * 1024);
  });

  it('ships the configured migration folders only with the functions that open the database, and Preflight, which checks them', () => {
    const readers = expectedFunctionNames().filter((name) =>
      capabilitiesOf(name).some(
        (capability) => capability === 'database' || capability === 'migration-files',
      ),
    );
    expect(readers).toEqual(expect.arrayContaining(['migrate', 'rollback', 'preflight']));
    expect(bundles.filter((bundle) => bundle.hasMigrations)).toHaveLength(readers.length);
  });

  it('points each function at the bundled handler', () => {
    synthesised.template.allResourcesProperties('AWS::Lambda::Function', { Handler: 'index.handler' });
  });
});

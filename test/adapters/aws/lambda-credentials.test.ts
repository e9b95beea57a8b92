/**
 * The Lambda bundles replace the SDK's default credential chain with Lambda's own environment
 * credentials (lib/step-function-factory.ts, `lambdaBundleAliases`). Built here as the CDK builds
 * a function: a bundled client still signs with the role's credentials, and the chain's other
 * sources (profiles, SSO, web identity, containers) are gone from the bundle.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { lambdaBundleAliases } from '../../../lib/step-function-factory.ts';

const root = new URL('../../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'gl-credentials-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function bundled(aliases: Record<string, string>): Promise<{ file: string; text: string }> {
  const entry = join(dir, `entry-${Object.keys(aliases).length}.ts`);
  writeFileSync(
    entry,
    `import { SFNClient } from '@aws-sdk/client-sfn';
const client = new SFNClient({ region: 'eu-west-1' });
const credentials = await client.config.credentials();
process.stdout.write(JSON.stringify({ id: credentials.accessKeyId, token: credentials.sessionToken }));`,
  );
  const file = join(dir, `bundle-${Object.keys(aliases).length}.mjs`);
  const result = await build({
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    mainFields: ['module', 'main'],
    nodePaths: [join(root, 'node_modules')],
    alias: aliases,
    write: true,
    logLevel: 'silent',
  });
  expect(result.errors).toEqual([]);
  return { file, text: readFileSync(file, 'utf8') };
}

describe('the Lambda bundles’ credentials', () => {
  it('sign with the role credentials Lambda puts in the environment, and carry no other source', async () => {
    // Arrange
    const aliases = lambdaBundleAliases(root, true);
    const { file, text } = await bundled(aliases);
    const full = await bundled({});

    // Act
    const out = execFileSync(process.execPath, [file], {
      env: {
        PATH: process.env.PATH,
        AWS_ACCESS_KEY_ID: 'ASIAEXAMPLEROLEKEY',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_SESSION_TOKEN: 'session-token',
      },
      encoding: 'utf8',
    });

    // Assess
    expect(JSON.parse(out)).toEqual({ id: 'ASIAEXAMPLEROLEKEY', token: 'session-token' });
    for (const source of [
      'AWS_CONTAINER_CREDENTIALS_FULL_URI',
      'AWS_WEB_IDENTITY_TOKEN_FILE',
      'sso_session',
    ]) {
      expect(text, source).not.toContain(source);
      expect(full.text, source).toContain(source);
    }
    expect(text.length).toBeLessThan(full.text.length - 100_000);
  }, 60_000);

  it('leaves an unbundled SDK alone (the runtime’s copy keeps its own chain)', () => {
    expect(lambdaBundleAliases(root, false)).toEqual({});
  });
});

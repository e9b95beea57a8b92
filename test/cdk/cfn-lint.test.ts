/**
 * cfn-lint over every template the app synthesizes: each environment of the shipped config and
 * the sample stack, as `cdk synth -c sample=true` writes them (bundling skipped: it changes only
 * the asset hashes). Any error fails; warnings are fixed or ignored in .cfnlintrc.yaml, each
 * with its reason. cfn-lint is installed on the build machines; without it this test fails and
 * says so, rather than passing unchecked.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGreenlightConfig } from '../../lib/load-config.ts';
import { configPath } from './synth.ts';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;

describe('cfn-lint on the synthesized templates', () => {
  let outdir: string;
  let templates: string[];
  beforeAll(async () => {
    outdir = await mkdtemp(join(tmpdir(), 'greenlight-cfn-'));
    await run(process.execPath, ['--import', 'tsx', 'bin/app.ts'], {
      cwd: root,
      timeout: 180_000,
      env: {
        ...process.env,
        CDK_OUTDIR: outdir,
        CDK_CONTEXT_JSON: JSON.stringify({ 'aws:cdk:bundling-stacks': [], sample: 'true' }),
      },
    });
    templates = (await readdir(outdir)).filter((file) => file.endsWith('.template.json')).sort();
  }, 200_000);
  afterAll(() => rm(outdir, { recursive: true, force: true }));

  it('synthesizes one template per environment and the sample stack', () => {
    const environments = Object.keys(loadGreenlightConfig(configPath).environments);
    expect(templates).toEqual(
      [
        ...environments.map((e) => `Greenlight-${e}.template.json`),
        'GreenlightSampleApp.template.json',
      ].sort(),
    );
  });

  it('finds no error and no warning that .cfnlintrc.yaml does not explain', async () => {
    // Act
    const result = await run(
      'cfn-lint',
      [
        '--config-file',
        join(root, '.cfnlintrc.yaml'),
        '--format',
        'parseable',
        ...templates.map((t) => join(outdir, t)),
      ],
      { cwd: root, timeout: 180_000 },
    ).then(
      (done) => ({ code: 0, output: done.stdout + done.stderr }),
      (error: NodeJS.ErrnoException & { code?: number | string; stdout?: string; stderr?: string }) => {
        if (error.code === 'ENOENT')
          throw new Error('cfn-lint is not installed: it is on the build machines (pip install cfn-lint)');
        return { code: error.code, output: `${error.stdout ?? ''}${error.stderr ?? ''}` };
      },
    );

    // Assess
    expect(result).toEqual({ code: 0, output: '' });
  }, 200_000);
});

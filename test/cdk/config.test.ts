// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ASL placeholders are literal ${...} text
// biome-ignore-all lint/suspicious/noExplicitAny: tests poke at raw CloudFormation / config JSON
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { Greenlight } from '../../lib/greenlight.ts';
import { loadGreenlightConfig, parseGreenlightConfig } from '../../lib/load-config.ts';
import { vioe } from '../../src/presets/vioe.ts';
import { parseEnvironmentConfig } from '../../src/schema/parse-config.ts';
import { projectFixture } from './project-fixture.ts';
import { configPath } from './synth.ts';

const valid = () => structuredClone(JSON.parse(JSON.stringify(loadGreenlightConfig(configPath)))) as any;

describe('Function: loadGreenlightConfig', () => {
  it('ships the vioe preset (seed 000): every environment’s policy and DR targets, through the one schema', () => {
    // Act
    const config = loadGreenlightConfig(configPath);

    // Assess: where people are reached (contact, emails) and where it acts are the sample's own
    expect(Object.keys(config.environments)).toEqual(Object.keys(vioe.environments));
    for (const [environment, { policy, dr }] of Object.entries(vioe.environments)) {
      const shipped = config.environments[environment];
      const expected = parseEnvironmentConfig(
        { ...policy, environment, contact: shipped?.config.contact, services: shipped?.config.services },
        'the vioe preset',
      );
      expect(shipped?.config, environment).toEqual(expected);
      if (dr) expect(shipped?.aws.dr, environment).toMatchObject(dr);
    }
  });

  it.each([
    [
      'a bake of 0 s',
      (c: any) => (c.environments.production.config.trafficPlan[0].bakeSeconds = 0),
      'environments.production.config.trafficPlan.0.bakeSeconds',
    ],
    [
      'a bad email',
      (c: any) => (c.environments.dev.aws.notificationEmails.critical = ['nope']),
      'environments.dev.aws.notificationEmails.critical.0',
    ],
    [
      'a bad schedule',
      (c: any) => (c.environments.staging.aws.dr.restoreTest = 'monthly'),
      'environments.staging.aws.dr.restoreTest',
    ],
    ['an unknown field', (c: any) => (c.environments.dev.config.colour = 'red'), 'environments.dev.config'],
    [
      'a mismatched environment name',
      (c: any) => (c.environments.dev.config.environment = 'prod'),
      'environments.dev.config.environment',
    ],
    [
      'the removed deployGreen.pollSeconds, saying why',
      (c: any) => (c.environments.production.config.deployGreen = { pollSeconds: 15, maxWaitSeconds: 900 }),
      "deployGreen.pollSeconds was removed: AwaitGreen no longer polls, it waits for ECS's deployment event",
    ],
    [
      'an unknown promotion source',
      (c: any) => (c.environments.production.config.promotion.requireSuccessIn = 'qa'),
      'requireSuccessIn',
    ],
  ])('fails with a message naming the field for %s', (_label, breakIt, field) => {
    // Prepare
    const config = valid();
    breakIt(config);
    // Act / Assess
    expect(() => parseGreenlightConfig(config, 'greenlight.config.json')).toThrow(field);
  });

  it('fails naming the file when it is not JSON', () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'greenlight-config-'));
    writeFileSync(join(dir, 'bad.json'), '{ nope');
    // Act / Assess
    expect(() => loadGreenlightConfig(join(dir, 'bad.json'))).toThrow(/bad\.json is not valid JSON/);
  });
});

describe('Construct: Greenlight input checks', () => {
  const synth = (projectRoot: string) => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const config = loadGreenlightConfig(configPath).environments.dev!.config;
    new Greenlight(new Stack(app, 'S'), 'Greenlight', { config, projectRoot });
  };

  it('fails naming a missing Lambda entry', () => {
    expect(() => synth(projectFixture({ functions: [] }))).toThrow(
      /functions\/preflight\/index\.ts of step "preflight" does not exist/,
    );
  });

  it('fails naming an ASL placeholder it cannot fill', () => {
    // Prepare
    const asl = JSON.stringify({
      StartAt: 'A',
      States: {
        A: { Type: 'Task', Resource: '${PreflightFunctionArn}', Parameters: { q: '${QueueUrl}' }, End: true },
      },
    });
    const root = projectFixture({ deployAsl: asl });
    // Act / Assess
    expect(() => synth(root)).toThrow(/\$\{QueueUrl\}/);
  });
});

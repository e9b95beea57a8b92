import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { renderNotification } from '../../src/notifications/templates.ts';
import { parseEnvironmentConfig } from '../../src/schema/parse-config.ts';
import { deploymentRequestSchema } from '../../src/schema/request.ts';
import { scenario } from '../../src/simulate/scenarios.ts';
import { minimalState } from '../notifications/state-fixture.ts';
import { deployRequest, stagingConfig } from '../support/fixtures.ts';

/**
 * Bad input is refused clearly, naming the field or flag and what was expected, before
 * anything changes. (The start of the corpus of issue 13; the workflow-level cases, where
 * nothing may change, are in test/workflow/deploy-workflow.test.ts.)
 */
describe('deployment requests', () => {
  it.each([
    [
      'an image with a shell command',
      { image: 'local/shop:1.1.0; rm -rf /' },
      'image',
      'container image reference',
    ],
    ['a 10 kB image', { image: `local/${'a'.repeat(10_000)}:1` }, 'image', 'at most 255 characters'],
    [
      'an image with upper-case path',
      { image: 'registry.example.com/Shop:1.1.0' },
      'image',
      'container image',
    ],
    ['an image with an empty tag', { image: 'local/shop:' }, 'image', 'container image'],
    [
      'a requestedBy with a forged line',
      { requestedBy: 'me\nCurrent Status: Stable' },
      'requestedBy',
      'line breaks',
    ],
    ['a requestedBy with a NUL', { requestedBy: 'me\u0000' }, 'requestedBy', 'control characters'],
    ['an oversized requestedBy', { requestedBy: 'x'.repeat(513) }, 'requestedBy', 'at most 512'],
    ['a version that is a tag', { version: 'latest' }, 'version', 'semantic version'],
  ])('refuses %s', (_name, overrides, field, says) => {
    const result = deploymentRequestSchema.safeParse({ ...deployRequest(), ...overrides });
    expect(result.success).toBe(false);
    const issue = result.error?.issues[0];
    expect(issue?.path).toEqual([field]);
    expect(issue?.message).toContain(says);
  });

  it.each([
    'registry.example.com/shop:1.1.0',
    '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop:1.4.2',
    'localhost:5000/team/shop-api_v2:2026.12.01-rc.1',
    `shop@sha256:${'a'.repeat(64)}`,
    'local/shop:1.1.0',
  ])('accepts the image %s', (image) => {
    expect(deploymentRequestSchema.safeParse({ ...deployRequest(), image }).success).toBe(true);
  });
});

describe('notifications', () => {
  it('keeps every quoted value on its own line: a newline cannot forge a field', () => {
    // Prepare: a state from before request validation refused such values.
    const state = minimalState();
    const forged = {
      ...state,
      request: { ...state.request, requestedBy: 'mallory\nCurrent Status: Stable\r\nImpact: none' },
    };
    // Act
    const { body } = renderNotification('started', forged, { nowMs: 0 });
    // Assess
    expect(body).toContain('Requested by: mallory Current Status: Stable Impact: none');
    expect(body.split('\n').filter((line) => line.startsWith('Current Status'))).toEqual([]);
  });
});

describe('configs', () => {
  it.each([
    [
      'a plan that goes back down',
      {
        trafficPlan: [
          { weightPercent: 100, bakeSeconds: 60 },
          { weightPercent: 50, bakeSeconds: 60 },
        ],
      },
      'weights must strictly increase',
    ],
    [
      'a plan that stops at 50%',
      {
        trafficPlan: [
          { weightPercent: 10, bakeSeconds: 60 },
          { weightPercent: 50, bakeSeconds: 60 },
        ],
      },
      'the plan must end at 100',
    ],
    [
      'a lease shorter than the standby',
      { standbySeconds: 7200, lockStaleAfterSeconds: 600 },
      'lockStaleAfterSeconds 600',
    ],
  ])('refuses %s when it loads', (_name, overrides, says) => {
    expect(() => parseEnvironmentConfig(stagingConfig(overrides), 'staging')).toThrow(says);
  });
});

describe('CLI flags: exit 2, naming the flag', () => {
  const run = async (args: string[]) => {
    const errors: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => {
      errors.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    try {
      return { code: await main(['node', 'greenlight', ...args]), stderr: errors.join('') };
    } finally {
      process.stderr.write = write;
      process.exitCode = undefined;
    }
  };

  it.each([
    [['serve', '--rps', '-5'], '--rps: expected a number from 0.1 to 5000, got "-5"'],
    [['serve', '--time-scale', '0'], '--time-scale: expected a number from 1 to 100000, got "0"'],
    [['serve', '--time-scale', 'fast'], '--time-scale: expected a number from 1 to 100000, got "fast"'],
    [['simulate', '--scenario', 'constructor'], '--scenario: unknown scenario "constructor"'],
    [['simulate', '--rps', 'NaN'], '--rps: expected a number from 1 to 5000, got "NaN"'],
    [['simulate', '--bake', 'Infinity'], '--bake: expected a number from 1 to 86400, got "Infinity"'],
  ])('%j', async (args, message) => {
    const { code, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it('takes built-in object property names for no scenario', () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty'])
      expect(() => scenario(name)).toThrow(`unknown scenario "${name}"`);
  });
});

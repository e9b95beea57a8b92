/**
 * Every function's entry composes exactly the ports its step's capabilities go through
 * (lib/step-capabilities.ts), so its bundle carries those SDK clients and no others, and no
 * call the step makes can reach a port its entry left out.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { capabilitiesOf, portsOfCapability } from '../../../lib/step-capabilities.ts';
import { type ComposedPorts, composedPorts } from '../../../src/adapters/aws/aws-ports.ts';
import { drEnvNames } from '../../../src/dr/aws-dr-ports.ts';
import { ConfigError } from '../../../src/errors.ts';
import { stackEnv } from './binding-fixture.ts';

const root = new URL('../../../', import.meta.url).pathname;
const entries: [string, string][] = [
  ...readdirSync(join(root, 'functions'))
    .filter((step) => existsSync(join(root, 'functions', step, 'index.ts')))
    .map((step): [string, string] => [step, join(root, 'functions', step, 'index.ts')]),
  ['approval-api', join(root, 'src/adapters/aws/approval-endpoint-handler.ts')],
];

/** The ports a step's capabilities go through, and the migrator where its handler migrates. */
function expectedPorts(step: string, entry: string): string[] {
  const fromCapabilities = capabilitiesOf(step).flatMap((capability) => portsOfCapability[capability]);
  const handler = join(entry, '..', 'handler.ts');
  const migrates = existsSync(handler) && /ports\.migrator/.test(readFileSync(handler, 'utf8'));
  return [...new Set([...fromCapabilities, ...(migrates ? ['migrator'] : [])])].sort();
}

describe('the functions’ entries', () => {
  beforeAll(() => {
    for (const [name, value] of Object.entries(stackEnv)) vi.stubEnv(name, value);
    vi.stubEnv(drEnvNames.securityGroupId, 'sg-0123456789abcdef0');
    vi.stubEnv('GREENLIGHT_APPROVAL_KEY', 'test-key-0123456789abcdef0123456789abcdef');
  });
  afterAll(() => vi.unstubAllEnvs());

  it('exist for every step the stack deploys', () => {
    expect(entries.length).toBeGreaterThanOrEqual(30);
  });

  it.each(entries)('%s composes exactly the ports of its capabilities', async (step, entry) => {
    // Act
    const module = (await import(entry)) as { ports: ComposedPorts };

    // Assess
    expect([...module.ports[composedPorts]].sort()).toEqual(expectedPorts(step, entry));
  });

  it('refuses, naming the entry and the fix, a port the entry did not compose', async () => {
    // Arrange
    const { ports } = (await import(join(root, 'functions/finish/index.ts'))) as { ports: ComposedPorts };

    // Act / Assess
    expect(() => ports.router).toThrow(ConfigError);
    expect(() => ports.router).toThrow(/built without the router port.*functions\/<step>\/index\.ts/);
  });
});

import { describe, expect, it } from 'vitest';
import { synthEnvironment } from './synth.ts';

/** Resources whose Tags CloudFormation takes as a list of { Key, Value } (most of them). */
function taggedResources(template: ReturnType<typeof synthEnvironment>['template']) {
  const resources = template.toJSON().Resources as Record<
    string,
    { Type: string; Properties?: { Tags?: unknown } }
  >;
  return Object.entries(resources).filter(([, resource]) => Array.isArray(resource.Properties?.Tags));
}

describe('cost allocation tags (config.costAllocationTags, seed 004 §11)', () => {
  it('puts the environment and every cost allocation tag on every resource that takes tags', () => {
    // Act
    const { template } = synthEnvironment('production', {
      edit: (entry) => ({
        ...entry,
        config: {
          ...entry.config,
          costAllocationTags: { CostCenter: 'payments', 'Cost Owner': 'platform team' },
        },
      }),
    });

    // Assess
    const tagged = taggedResources(template);
    expect(tagged.length).toBeGreaterThan(30);
    for (const [id, resource] of tagged) {
      const tags = Object.fromEntries(
        ((resource.Properties?.Tags ?? []) as { Key: string; Value: string }[]).map((tag) => [
          tag.Key,
          tag.Value,
        ]),
      );
      expect({ id, tags }).toMatchObject({
        id,
        tags: {
          CostCenter: 'payments',
          'Cost Owner': 'platform team',
          'greenlight:environment': 'production',
        },
      });
    }
    // The Lambda functions, the state machines and the table are among them (what the bill splits by).
    const types = new Set(tagged.map(([, resource]) => resource.Type));
    for (const type of [
      'AWS::Lambda::Function',
      'AWS::StepFunctions::StateMachine',
      'AWS::DynamoDB::Table',
      'AWS::SNS::Topic',
    ])
      expect(types).toContain(type);
  });

  it('tags even with no cost allocation tags configured: the environment always', () => {
    const { template } = synthEnvironment('staging');
    for (const [, resource] of taggedResources(template)) {
      expect(resource.Properties?.Tags).toContainEqual({ Key: 'greenlight:environment', Value: 'staging' });
    }
  });
});

describe('the config in the functions’ environment', () => {
  it('travels gzipped, and reads back as the same config', async () => {
    const { encodeConfig, decodeConfig } = await import('../../src/adapters/aws/config-codec.ts');
    const { EnvConfigSource } = await import('../../src/adapters/aws/env-config-source.ts');
    const { loadGreenlightConfig } = await import('../../lib/load-config.ts');
    const { configPath } = await import('./synth.ts');
    const production = loadGreenlightConfig(configPath).environments.production?.config;
    const encoded = encodeConfig(production);
    expect(encoded.startsWith('gz:')).toBe(true);
    expect(Buffer.byteLength(encoded)).toBeLessThan(Buffer.byteLength(JSON.stringify(production)) * 0.6);
    expect(JSON.parse(decodeConfig(encoded))).toEqual(production);
    await expect(new EnvConfigSource(encoded).load('production')).resolves.toEqual(production);
    // A hand-edited plain JSON variable still reads.
    await expect(new EnvConfigSource(JSON.stringify(production)).load('production')).resolves.toEqual(
      production,
    );
  });
});

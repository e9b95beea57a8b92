import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { secretsManagerKeySource } from '../../src/adapters/aws/secrets-key.ts';

const sm = mockClient(SecretsManagerClient);
const current = 'c'.repeat(48);
const previous = 'p'.repeat(48);

describe('Function: secretsManagerKeySource', () => {
  beforeEach(() => sm.reset());

  it('reads the current and previous keys once and caches them', async () => {
    // Prepare
    sm.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ current, previous }) });
    let nowMs = 0;
    const source = secretsManagerKeySource({
      secretId: 'greenlight/approval-key',
      client: new SecretsManagerClient({}),
      clock: { nowMs: () => nowMs },
      cacheSeconds: 300,
    });
    // Act
    const keys = await source();
    await source();
    nowMs = 301_000;
    await source();
    // Assess
    expect(Buffer.from(keys.current).toString()).toBe(current);
    expect(Buffer.from(keys.previous ?? []).toString()).toBe(previous);
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(2);
    expect(sm.commandCalls(GetSecretValueCommand)[0]?.args[0].input).toEqual({
      SecretId: 'greenlight/approval-key',
    });
  });

  it('fails with a message naming the fix when the key is too short', async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretString: 'short' });
    const source = secretsManagerKeySource({ secretId: 'k', client: new SecretsManagerClient({}) });
    await expect(source()).rejects.toThrow(/at least 32.*openssl rand/);
  });
});

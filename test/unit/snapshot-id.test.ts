import { describe, expect, it } from 'vitest';
import { snapshotIdFor } from '../../src/core/snapshot-id.ts';

describe('snapshotIdFor', () => {
  it('builds an RDS-valid identifier that is stable for retries', () => {
    const id = snapshotIdFor('shop', 'production', 'Deploy_42--x');
    expect(id).toBe('greenlight-shop-production-deploy-42-x');
    expect(snapshotIdFor('shop', 'production', 'Deploy_42--x')).toBe(id);
    expect(id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
  });

  it('stays within 255 characters and never ends with a hyphen', () => {
    const id = snapshotIdFor('s', 'e', `${'a'.repeat(240)}-${'b'.repeat(40)}`);
    expect(id.length).toBeLessThanOrEqual(255);
    expect(id.endsWith('-')).toBe(false);
  });
});

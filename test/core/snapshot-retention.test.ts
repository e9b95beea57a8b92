import { describe, expect, it } from 'vitest';
import {
  decideSnapshotRetention,
  inScope,
  parseRetainUntil,
  type RetentionCandidate,
} from '../../src/core/snapshot-retention.ts';

const nowMs = Date.parse('2026-03-10T12:00:00Z');
const snapshot = (
  tags: Record<string, string>,
  snapshotId = 'greenlight-shop-prod-d1',
): RetentionCandidate => ({
  snapshotId,
  tags,
  createdAtMs: nowMs - 10 * 86_400_000,
});
const greenlight = (retainUntil?: string, deploymentId = 'd1') => ({
  'greenlight:deployment': deploymentId,
  'greenlight:service': 'shop',
  'greenlight:environment': 'prod',
  ...(retainUntil !== undefined && { 'greenlight:retain-until': retainUntil }),
});

describe('decideSnapshotRetention', () => {
  it.each([
    [
      'retain-until a day ago',
      greenlight('2026-03-09T12:00:00.000Z'),
      'expire',
      /retention ended 2026-03-09T12:00:00.000Z, 24 h ago/,
    ],
    ['retain-until one ms ago', greenlight('2026-03-10T11:59:59.999Z'), 'expire', /retention ended/],
    [
      'a date-only retain-until in the past',
      greenlight('2026-03-01'),
      'expire',
      /retention ended 2026-03-01/,
    ],
    ['retain-until exactly now', greenlight('2026-03-10T12:00:00.000Z'), 'keep', /retained until/],
    [
      'retain-until in the future',
      greenlight('2026-03-17T12:00:00.000Z'),
      'keep',
      /retained until 2026-03-17.*7 d left/,
    ],
    [
      'no retain-until tag',
      greenlight(),
      'keep',
      /has no greenlight:retain-until tag.*cannot be proven expired/,
    ],
    ['an unreadable retain-until', greenlight('next tuesday'), 'keep', /unreadable "next tuesday"/],
    ['a bare number as retain-until', greenlight('7'), 'keep', /unreadable "7"/],
    ['an impossible date', greenlight('2026-02-31T99:00:00Z'), 'keep', /unreadable/],
    [
      'no greenlight:deployment tag',
      { 'greenlight:retain-until': '2020-01-01T00:00:00Z' },
      'keep',
      /not taken by Greenlight/,
    ],
    [
      'an empty deployment tag',
      { 'greenlight:deployment': ' ', 'greenlight:retain-until': '2020-01-01' },
      'keep',
      /not taken by Greenlight/,
    ],
  ] as const)('%s → %s', (_label, tags, expected, reason) => {
    const decision = decideSnapshotRetention([snapshot(tags)], nowMs);
    const list = expected === 'expire' ? decision.expire : decision.keep;
    const other = expected === 'expire' ? decision.keep : decision.expire;
    expect(other).toEqual([]);
    expect(list).toHaveLength(1);
    expect(list[0]?.snapshotId).toBe('greenlight-shop-prod-d1');
    expect(list[0]?.reason).toMatch(reason);
  });

  it('keeps an expired snapshot of a protected (running) deployment', () => {
    const decision = decideSnapshotRetention([snapshot(greenlight('2026-01-01', 'd-run'))], nowMs, {
      protectedDeploymentIds: ['d-run'],
    });
    expect(decision.expire).toEqual([]);
    expect(decision.keep[0]?.reason).toBe('deployment d-run is still running; its backup is kept');
  });

  it('sorts a mixed list, keeping the order of the input within each side', () => {
    const decision = decideSnapshotRetention(
      [
        snapshot(greenlight('2026-03-01'), 'a'),
        snapshot(greenlight('2026-04-01'), 'b'),
        snapshot(greenlight('2026-03-02'), 'c'),
        snapshot({}, 'd'),
      ],
      nowMs,
    );
    expect(decision.expire.map((v) => v.snapshotId)).toEqual(['a', 'c']);
    expect(decision.keep.map((v) => v.snapshotId)).toEqual(['b', 'd']);
  });

  it('decides nothing for no snapshots', () => {
    expect(decideSnapshotRetention([], nowMs)).toEqual({ expire: [], keep: [] });
  });
});

describe('parseRetainUntil', () => {
  it.each([
    ['2026-03-10T12:00:00.000Z', Date.parse('2026-03-10T12:00:00.000Z')],
    [' 2026-03-10T12:00:00+02:00 ', Date.parse('2026-03-10T10:00:00Z')],
    ['2026-03-10', Date.parse('2026-03-10')],
    [undefined, undefined],
    ['', undefined],
    ['March 10', undefined],
    ['1741608000000', undefined],
  ])('%j → %j', (value, expected) => {
    expect(parseRetainUntil(value)).toBe(expected);
  });
});

describe('inScope', () => {
  it.each([
    [{}, true],
    [{ service: 'shop' }, true],
    [{ service: 'cart' }, false],
    [{ environment: 'prod' }, true],
    [{ service: 'shop', environment: 'staging' }, false],
  ])('scope %j → %s', (scope, expected) => {
    expect(inScope(greenlight('2026-03-01'), scope)).toBe(expected);
  });

  it('never includes a snapshot without the deployment tag', () => {
    expect(inScope({ 'greenlight:service': 'shop' }, {})).toBe(false);
  });
});
